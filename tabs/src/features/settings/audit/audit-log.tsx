/** The tenant's audit log, newest first, filtered by person, entity, action and dates. */
import {
  Badge,
  Button,
  Card,
  Field,
  Input,
  Link,
  MessageBar,
  MessageBarBody,
  Select,
  Spinner,
  Table,
  TableBody,
  TableCell,
  TableHeader,
  TableHeaderCell,
  TableRow,
  Text,
  makeStyles,
} from "@fluentui/react-components";
import { useCallback, useEffect, useState } from "react";
import { describeError } from "../../../api/client";
import type { AuditEntry, EntityType } from "../../../api/types";
import { entityLabels, entityTypes, isEntityType } from "../../../api/types";
import { routeHref } from "../../../app/route";
import { useSession } from "../../../app/session";

const useStyles = makeStyles({ bar: { display: "flex", flexWrap: "wrap", gap: "8px", alignItems: "end" }, wrap: { overflowX: "auto" } });

interface Filters {
  actorId: string;
  entity: EntityType | "";
  action: string;
  from: string;
  to: string;
}

export default function AuditLog() {
  const styles = useStyles();
  const { api, users, userName } = useSession();
  const [filters, setFilters] = useState<Filters>({ actorId: "", entity: "", action: "", from: "", to: "" });
  const [applied, setApplied] = useState(filters);
  const [entries, setEntries] = useState<AuditEntry[]>();
  const [next, setNext] = useState<string>();
  const [error, setError] = useState<string>();

  const query = useCallback(
    (continuationToken?: string) => ({
      ...(applied.actorId ? { actorId: applied.actorId } : {}),
      ...(applied.entity ? { entity: applied.entity } : {}),
      ...(applied.action.trim() ? { action: applied.action.trim() } : {}),
      ...(applied.from ? { from: applied.from } : {}),
      ...(applied.to ? { to: `${applied.to}T23:59:59.999Z` } : {}),
      pageSize: 50,
      ...(continuationToken ? { continuationToken } : {}),
    }),
    [applied],
  );

  useEffect(() => {
    setEntries(undefined);
    setError(undefined);
    api.audit(query()).then(
      (page) => {
        setEntries(page.items);
        setNext(page.continuationToken);
      },
      (failure) => setError(describeError(failure)),
    );
  }, [api, query]);

  const more = async () => {
    try {
      const page = await api.audit(query(next));
      setEntries((current) => [...(current ?? []), ...page.items]);
      setNext(page.continuationToken);
    } catch (failure) {
      setError(describeError(failure));
    }
  };

  return (
    <Card>
      <form
        className={styles.bar}
        aria-label="Audit filters"
        onSubmit={(event) => {
          event.preventDefault();
          setApplied(filters);
        }}
      >
        <Field label="Person">
          <Select value={filters.actorId} onChange={(_, data) => setFilters({ ...filters, actorId: data.value })}>
            <option value="">Anyone</option>
            {users.map((user) => (
              <option key={user.userId} value={user.userId}>
                {user.displayName}
              </option>
            ))}
          </Select>
        </Field>
        <Field label="Entity">
          <Select value={filters.entity} onChange={(_, data) => setFilters({ ...filters, entity: isEntityType(data.value) ? data.value : "" })}>
            <option value="">All</option>
            {entityTypes.map((entity) => (
              <option key={entity} value={entity}>
                {entityLabels[entity].many}
              </option>
            ))}
          </Select>
        </Field>
        <Field label="Action">
          <Input placeholder="e.g. lead.update" value={filters.action} onChange={(_, data) => setFilters({ ...filters, action: data.value })} />
        </Field>
        <Field label="From">
          <Input type="date" value={filters.from} onChange={(_, data) => setFilters({ ...filters, from: data.value })} />
        </Field>
        <Field label="To">
          <Input type="date" value={filters.to} onChange={(_, data) => setFilters({ ...filters, to: data.value })} />
        </Field>
        <Button type="submit" appearance="primary">
          Apply
        </Button>
      </form>
      {error && (
        <MessageBar intent="error" role="alert">
          <MessageBarBody>{error}</MessageBarBody>
        </MessageBar>
      )}
      {!entries && !error && <Spinner label="Loading the audit log…" />}
      {entries && entries.length === 0 && <Text>No entries match.</Text>}
      {entries && entries.length > 0 && (
        <div className={styles.wrap}>
          <Table size="small" aria-label="Audit log">
            <TableHeader>
              <TableRow>
                <TableHeaderCell>When</TableHeaderCell>
                <TableHeaderCell>Who</TableHeaderCell>
                <TableHeaderCell>Action</TableHeaderCell>
                <TableHeaderCell>Outcome</TableHeaderCell>
                <TableHeaderCell>Reason</TableHeaderCell>
              </TableRow>
            </TableHeader>
            <TableBody>
              {entries.map((entry) => (
                <TableRow key={entry.id}>
                  <TableCell>{new Date(entry.at).toLocaleString()}</TableCell>
                  <TableCell>{userName(entry.actorId)}</TableCell>
                  <TableCell>{isEntityType(entry.entity) && entry.recordId ? <Link href={routeHref.record(entry.entity, entry.recordId)}>{entry.action}</Link> : entry.action}</TableCell>
                  <TableCell>
                    <Badge appearance="tint" color={entry.outcome === "allowed" ? "success" : "danger"}>
                      {entry.outcome}
                    </Badge>
                  </TableCell>
                  <TableCell>{entry.reason}</TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
        </div>
      )}
      {next && entries && <Button onClick={() => void more()}>Load more</Button>}
    </Card>
  );
}
