/**
 * The list screen shared by leads, opportunities and cases: search, sort, filters, mine/all,
 * paging by continuation token, and a create dialog from the Owner's form.
 */
import {
  Button,
  DataGrid,
  DataGridBody,
  DataGridCell,
  DataGridHeader,
  DataGridHeaderCell,
  DataGridRow,
  Field,
  Link,
  MessageBar,
  MessageBarActions,
  MessageBarBody,
  SearchBox,
  Select,
  Spinner,
  Text,
  Title3,
  createTableColumn,
  makeStyles,
  tokens,
} from "@fluentui/react-components";
import type { TableColumnDefinition } from "@fluentui/react-components";
import { Suspense, lazy, useEffect, useMemo, useState } from "react";
import { describeError } from "../../api/client";
import type { ListQuery } from "../../api/client";
import type { CrmRecord, EntityType, FieldDefinition } from "../../api/types";
import { entityLabels, titleField } from "../../api/types";
import { canDo, canSeeAll, visibleFields } from "../../app/permissions";
import { navigate, routeHref } from "../../app/route";
import { useSession } from "../../app/session";
import { useNarrow } from "../../app/use-narrow";
import { formatValue } from "./form-values";
import { firstListQuery, listPageSize } from "./first-list";

const RecordDialog = lazy(() => import("./record-dialog").then((module) => ({ default: module.RecordDialog })));

export interface ListFilter {
  param: "status" | "source" | "priority" | "stageId" | "pipelineId";
  label: string;
  options: { value: string; label: string }[];
}

interface RecordListProps {
  entity: EntityType;
  /** Form fields shown as columns after the title (when present and visible). */
  columns: string[];
  filters: ListFilter[];
  /** How a column shows its value when the stored one is not for people (e.g. a stage id); memoize it. */
  display?: Readonly<Record<string, (record: CrmRecord) => string>>;
}

const useStyles = makeStyles({
  page: { display: "flex", flexDirection: "column", gap: "12px", maxWidth: "1200px", margin: "0 auto" },
  titleRow: { display: "flex", alignItems: "center", gap: "8px", justifyContent: "space-between", flexWrap: "wrap" },
  toolbar: { display: "flex", flexWrap: "wrap", gap: "8px", alignItems: "end" },
  search: { flexGrow: 1, minWidth: "160px", maxWidth: "360px" },
  filter: { minWidth: "120px" },
  surface: { backgroundColor: tokens.colorNeutralBackground1, borderRadius: tokens.borderRadiusLarge, boxShadow: tokens.shadow4, overflowX: "auto" },
  empty: { padding: "32px 16px", textAlign: "center", display: "flex", flexDirection: "column", gap: "8px", alignItems: "center" },
  more: { display: "flex", justifyContent: "center", padding: "8px" },
});

const sortLabels = { newest: "Newest first", oldest: "Oldest first", title: "By name", updated: "Recently updated" } as const;

export function RecordList(props: RecordListProps) {
  const { entity } = props;
  const styles = useStyles();
  const { api, me, forms, userName, reloadUsers } = useSession();
  const narrow = useNarrow();
  const labels = entityLabels[entity];
  const seeAll = canSeeAll(me, entity);
  const [search, setSearch] = useState("");
  const [query, setQuery] = useState<ListQuery>(() => firstListQuery(me, entity));
  const [items, setItems] = useState<CrmRecord[]>();
  const [next, setNext] = useState<string>();
  const [error, setError] = useState<string>();
  const [loadingMore, setLoadingMore] = useState(false);
  const [creating, setCreating] = useState(false);
  const [reloads, setReloads] = useState(0);

  // Owners see new colleagues' names (people join by signing in).
  useEffect(() => {
    if (seeAll) reloadUsers().catch(() => undefined);
  }, [seeAll, reloadUsers]);

  useEffect(() => {
    // The same query stays the same object: the list is not fetched again when the search is unchanged (as on mount).
    const q = search.trim() || undefined;
    const timer = setTimeout(() => setQuery((current) => (current.q === q ? current : { ...current, q })), 300);
    return () => clearTimeout(timer);
  }, [search]);

  useEffect(() => {
    let current = true;
    setItems(undefined);
    setError(undefined);
    api.list(entity, { ...query, pageSize: listPageSize }).then(
      (page) => {
        if (!current) return;
        setItems(page.items);
        setNext(page.continuationToken);
        performance.mark(`crm:list:${entity}`);
      },
      (failure) => current && setError(describeError(failure)),
    );
    return () => {
      current = false;
    };
  }, [api, entity, query, reloads]);

  const loadMore = async () => {
    if (!next) return;
    setLoadingMore(true);
    try {
      const page = await api.list(entity, { ...query, pageSize: listPageSize, continuationToken: next });
      setItems((current) => [...(current ?? []), ...page.items]);
      setNext(page.continuationToken);
    } catch (failure) {
      setError(describeError(failure));
    } finally {
      setLoadingMore(false);
    }
  };

  const formFields = useMemo(() => (forms ? visibleFields(me, entity, forms[entity].fields) : []), [forms, me, entity]);
  const columns = useMemo(() => buildColumns(entity, formFields, props.columns, narrow, seeAll, userName, props.display), [entity, formFields, props.columns, narrow, seeAll, userName, props.display]);
  const filtered = Boolean(query.q || props.filters.some((filter) => query[filter.param]));

  return (
    <section className={styles.page} aria-labelledby={`${entity}-list-title`}>
      <div className={styles.titleRow}>
        <Title3 as="h1" block id={`${entity}-list-title`}>
          {labels.many}
        </Title3>
        {canDo(me, entity, "create") && (
          <Button appearance="primary" onClick={() => setCreating(true)}>
            New {labels.one.toLowerCase()}
          </Button>
        )}
      </div>
      <div className={styles.toolbar} role="search" aria-label={`Find ${labels.many.toLowerCase()}`}>
        <Field label="Search" className={styles.search}>
          <SearchBox placeholder="Name starts with…" value={search} onChange={(_, data) => setSearch(data.value)} />
        </Field>
        {seeAll && (
          <Field label="Owner" className={styles.filter}>
            <Select value={query.owner ?? "all"} onChange={(_, data) => setQuery({ ...query, owner: data.value })}>
              <option value="me">Mine</option>
              <option value="all">Everyone</option>
              <UserOptions />
            </Select>
          </Field>
        )}
        {props.filters.map((filter) => (
          <Field key={filter.param} label={filter.label} className={styles.filter}>
            <Select value={query[filter.param] ?? ""} onChange={(_, data) => setQuery({ ...query, [filter.param]: data.value || undefined })}>
              <option value="">All</option>
              {filter.options.map((option) => (
                <option key={option.value} value={option.value}>
                  {option.label}
                </option>
              ))}
            </Select>
          </Field>
        ))}
        <Field label="Sort" className={styles.filter}>
          <Select value={query.sort ?? "newest"} onChange={(_, data) => setQuery({ ...query, sort: data.value as ListQuery["sort"] })}>
            {Object.entries(sortLabels).map(([value, label]) => (
              <option key={value} value={value}>
                {label}
              </option>
            ))}
          </Select>
        </Field>
      </div>
      {error && (
        <MessageBar intent="error" role="alert">
          <MessageBarBody>{error}</MessageBarBody>
          <MessageBarActions>
            <Button onClick={() => setReloads((count) => count + 1)}>Retry</Button>
          </MessageBarActions>
        </MessageBar>
      )}
      <div className={styles.surface}>
        {!items && !error && <Spinner label={`Loading ${labels.many.toLowerCase()}…`} style={{ padding: 32 }} />}
        {items && items.length === 0 && (
          <div className={styles.empty}>
            <Text weight="semibold">{filtered ? `No ${labels.many.toLowerCase()} match.` : `No ${labels.many.toLowerCase()} yet.`}</Text>
            <Text>{filtered ? "Try another search or filter." : canDo(me, entity, "create") ? `Create the first one with “New ${labels.one.toLowerCase()}”.` : ""}</Text>
          </div>
        )}
        {items && items.length > 0 && (
          <DataGrid items={items} columns={columns} getRowId={(item: CrmRecord) => item.id} aria-label={labels.many} size={narrow ? "small" : "medium"}>
            <DataGridHeader>
              <DataGridRow>{({ renderHeaderCell }) => <DataGridHeaderCell>{renderHeaderCell()}</DataGridHeaderCell>}</DataGridRow>
            </DataGridHeader>
            <DataGridBody<CrmRecord>>
              {({ item, rowId }) => (
                <DataGridRow<CrmRecord> key={rowId} onDoubleClick={() => navigate(routeHref.record(entity, item.id))}>
                  {({ renderCell }) => <DataGridCell>{renderCell(item)}</DataGridCell>}
                </DataGridRow>
              )}
            </DataGridBody>
          </DataGrid>
        )}
        {next && items && (
          <div className={styles.more}>
            <Button onClick={() => void loadMore()} disabled={loadingMore}>
              {loadingMore ? "Loading…" : "Load more"}
            </Button>
          </div>
        )}
      </div>
      {creating && (
        <Suspense fallback={<Spinner />}>
          <RecordDialog
            entity={entity}
            onClose={() => setCreating(false)}
            onSaved={(record) => {
              setCreating(false);
              setItems((current) => [record, ...(current ?? []).filter((item) => item.id !== record.id)]);
            }}
          />
        </Suspense>
      )}
    </section>
  );
}

function UserOptions() {
  const { users } = useSession();
  return (
    <>
      {users.map((user) => (
        <option key={user.userId} value={user.userId}>
          {user.displayName}
        </option>
      ))}
    </>
  );
}

function buildColumns(
  entity: EntityType,
  fields: FieldDefinition[],
  wanted: string[],
  narrow: boolean,
  seeAll: boolean,
  userName: (id: string) => string,
  display: RecordListProps["display"] = {},
): TableColumnDefinition<CrmRecord>[] {
  const title = titleField[entity];
  const titleLabel = fields.find((field) => field.key === title)?.label ?? "Name";
  const columns: TableColumnDefinition<CrmRecord>[] = [
    createTableColumn<CrmRecord>({
      columnId: title,
      renderHeaderCell: () => titleLabel,
      renderCell: (item) => <Link href={routeHref.record(entity, item.id)}>{String(item[title] ?? "(untitled)")}</Link>,
    }),
  ];
  const shown = fields.filter((field) => wanted.includes(field.key)).slice(0, narrow ? 1 : wanted.length);
  for (const field of shown) {
    const shownAs = display[field.key];
    columns.push(
      createTableColumn<CrmRecord>({ columnId: field.key, renderHeaderCell: () => field.label, renderCell: (item) => (shownAs ? shownAs(item) : formatValue(field, item[field.key], userName)) }),
    );
  }
  if (!narrow && seeAll) columns.push(createTableColumn<CrmRecord>({ columnId: "ownerId", renderHeaderCell: () => "Owner", renderCell: (item) => userName(item.ownerId) }));
  if (!narrow) columns.push(createTableColumn<CrmRecord>({ columnId: "updatedAt", renderHeaderCell: () => "Updated", renderCell: (item) => new Date(item.updatedAt).toLocaleDateString() }));
  return columns;
}
