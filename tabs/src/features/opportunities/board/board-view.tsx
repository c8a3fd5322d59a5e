/**
 * Opportunities as columns per pipeline stage. Cards move by drag and drop, by the
 * "Move to" menu, or with Shift+Arrow keys; each move is announced to screen readers.
 */
import {
  Button,
  Caption1,
  Field,
  Link,
  Menu,
  MenuItem,
  MenuList,
  MenuPopover,
  MenuTrigger,
  MessageBar,
  MessageBarBody,
  Select,
  Spinner,
  Text,
  Title3,
  makeStyles,
  mergeClasses,
  tokens,
} from "@fluentui/react-components";
import { useCallback, useEffect, useMemo, useState } from "react";
import type { DragEvent, KeyboardEvent } from "react";
import { ApiError, describeError } from "../../../api/client";
import type { CrmRecord, Stage } from "../../../api/types";
import { canDo, canSeeAll } from "../../../app/permissions";
import { routeHref } from "../../../app/route";
import { useSession } from "../../../app/session";
import { boardColumns, money, neighbourStage } from "./board-model";

const useStyles = makeStyles({
  page: { display: "flex", flexDirection: "column", gap: "12px" },
  titleRow: { display: "flex", flexWrap: "wrap", gap: "8px", alignItems: "end", justifyContent: "space-between" },
  board: { display: "flex", gap: "12px", overflowX: "auto", paddingBottom: "8px", alignItems: "flex-start", "@media (max-width: 600px)": { flexDirection: "column", alignItems: "stretch" } },
  column: {
    flex: "0 0 240px",
    backgroundColor: tokens.colorNeutralBackground2,
    borderRadius: tokens.borderRadiusLarge,
    padding: "8px",
    display: "flex",
    flexDirection: "column",
    gap: "8px",
    minHeight: "120px",
    "@media (max-width: 600px)": { flex: "1 1 auto", minHeight: "auto" },
  },
  dropTarget: { outline: `2px dashed ${tokens.colorBrandStroke1}` },
  columnHead: { display: "flex", flexDirection: "column", padding: "4px" },
  cards: { listStyle: "none", margin: 0, padding: 0, display: "flex", flexDirection: "column", gap: "8px" },
  card: {
    backgroundColor: tokens.colorNeutralBackground1,
    borderRadius: tokens.borderRadiusMedium,
    boxShadow: tokens.shadow4,
    padding: "8px 10px",
    display: "flex",
    flexDirection: "column",
    gap: "2px",
    cursor: "grab",
    ":focus-within": { outline: `2px solid ${tokens.colorStrokeFocus2}` },
  },
  cardRow: { display: "flex", justifyContent: "space-between", alignItems: "center", gap: "4px" },
  srOnly: { position: "absolute", width: "1px", height: "1px", overflow: "hidden", clip: "rect(0 0 0 0)", whiteSpace: "nowrap" },
});

export default function BoardView() {
  const styles = useStyles();
  const { api, me, pipelines, userName } = useSession();
  const [pipelineId, setPipelineId] = useState<string>();
  const [items, setItems] = useState<CrmRecord[]>();
  const [error, setError] = useState<string>();
  const [announcement, setAnnouncement] = useState("");
  const [dropStage, setDropStage] = useState<string>();
  const pipeline = useMemo(() => pipelines?.find((candidate) => candidate.id === pipelineId) ?? pipelines?.find((candidate) => candidate.isDefault) ?? pipelines?.[0], [pipelines, pipelineId]);
  const mayMove = canDo(me, "opportunity", "update");

  const load = useCallback(async () => {
    if (!pipeline) return;
    setError(undefined);
    try {
      setItems(await api.listAll("opportunity", { pipelineId: pipeline.id, ...(canSeeAll(me, "opportunity") ? { owner: "all" } : {}) }));
      performance.mark("crm:board");
    } catch (failure) {
      setError(describeError(failure));
    }
  }, [api, me, pipeline]);
  useEffect(() => {
    setItems(undefined);
    void load();
  }, [load]);

  const move = async (record: CrmRecord, stage: Stage) => {
    if (record.stageId === stage.id) return;
    setItems((current) => current?.map((item) => (item.id === record.id ? { ...item, stageId: stage.id, probability: stage.probability } : item)));
    setAnnouncement(`Moving ${String(record.name)} to ${stage.name}…`);
    try {
      const saved = await api.update("opportunity", record.id, record.etag, { stageId: stage.id });
      setItems((current) => current?.map((item) => (item.id === saved.id ? saved : item)));
      setAnnouncement(`Moved ${String(record.name)} to ${stage.name}.`);
    } catch (failure) {
      setAnnouncement(failure instanceof ApiError && failure.isConflict ? `${String(record.name)} was changed by someone else; the board has been reloaded.` : describeError(failure));
      await load();
    }
  };

  if (!pipelines) return <Spinner label="Loading pipelines…" />;
  if (!pipeline) return <Text>No pipeline is set up yet.</Text>;
  const columns = items ? boardColumns(pipeline, items) : [];
  const openColumns = columns.filter((column) => !column.stage.lost);

  return (
    <section className={styles.page} aria-labelledby="board-title">
      <div className={styles.titleRow}>
        <div>
          <Title3 as="h1" block id="board-title">
            Opportunity board
          </Title3>
          {items && (
            <Caption1 as="p" style={{ margin: 0 }}>
              {items.length} opportunities · pipeline {money(openColumns.reduce((sum, column) => sum + column.total, 0))} · weighted{" "}
              {money(openColumns.reduce((sum, column) => sum + column.weighted, 0))}
            </Caption1>
          )}
        </div>
        {pipelines.length > 1 && (
          <Field label="Pipeline">
            <Select value={pipeline.id} onChange={(_, data) => setPipelineId(data.value)}>
              {pipelines.map((candidate) => (
                <option key={candidate.id} value={candidate.id}>
                  {candidate.name}
                </option>
              ))}
            </Select>
          </Field>
        )}
      </div>
      {mayMove && <Caption1>Drag a card, use its “Move” menu, or focus it and press Shift + ← / →.</Caption1>}
      {error && (
        <MessageBar intent="error" role="alert">
          <MessageBarBody>{error}</MessageBarBody>
        </MessageBar>
      )}
      <div aria-live="polite" className={styles.srOnly} data-testid="board-announcement">
        {announcement}
      </div>
      {!items && !error && <Spinner label="Loading opportunities…" />}
      {items && (
        <div className={styles.board}>
          {columns.map((column) => (
            <section
              key={column.stage.id}
              aria-label={`${column.stage.name}: ${column.cards.length} opportunities`}
              className={mergeClasses(styles.column, dropStage === column.stage.id && styles.dropTarget)}
              data-stage={column.stage.id}
              onDragOver={(event: DragEvent) => {
                if (!mayMove) return;
                event.preventDefault();
                setDropStage(column.stage.id);
              }}
              onDragLeave={() => setDropStage(undefined)}
              onDrop={(event: DragEvent) => {
                event.preventDefault();
                setDropStage(undefined);
                const record = items.find((item) => item.id === event.dataTransfer.getData("text/plain"));
                if (record) void move(record, column.stage);
              }}
            >
              <div className={styles.columnHead}>
                <Text weight="semibold">
                  {column.stage.name} <Caption1>({column.cards.length})</Caption1>
                </Text>
                <Caption1>
                  {money(column.total)} · weighted {money(column.weighted)} · {column.stage.probability}%
                </Caption1>
              </div>
              <ul className={styles.cards}>
                {column.cards.map((record) => (
                  <li
                    key={record.id}
                    className={styles.card}
                    draggable={mayMove}
                    onDragStart={(event) => event.dataTransfer.setData("text/plain", record.id)}
                    onKeyDown={(event: KeyboardEvent) => {
                      if (!mayMove || !event.shiftKey || (event.key !== "ArrowRight" && event.key !== "ArrowLeft")) return;
                      event.preventDefault();
                      const target = neighbourStage(pipeline, String(record.stageId), event.key === "ArrowRight" ? 1 : -1);
                      if (target) void move(record, target);
                    }}
                  >
                    <div className={styles.cardRow}>
                      <Link href={routeHref.record("opportunity", record.id)}>{String(record.name ?? "(untitled)")}</Link>
                      {mayMove && (
                        <Menu>
                          <MenuTrigger disableButtonEnhancement>
                            <Button size="small" appearance="subtle" aria-label={`Move ${String(record.name)}`}>
                              Move
                            </Button>
                          </MenuTrigger>
                          <MenuPopover>
                            <MenuList>
                              {pipeline.stages
                                .filter((stage) => stage.id !== record.stageId)
                                .map((stage) => (
                                  <MenuItem key={stage.id} onClick={() => void move(record, stage)}>
                                    {stage.name}
                                  </MenuItem>
                                ))}
                            </MenuList>
                          </MenuPopover>
                        </Menu>
                      )}
                    </div>
                    <Caption1>
                      {typeof record.amount === "number" ? money(record.amount) : "No amount"}
                      {record.account ? ` · ${String(record.account)}` : ""}
                    </Caption1>
                    <Caption1>{userName(record.ownerId)}</Caption1>
                  </li>
                ))}
              </ul>
            </section>
          ))}
        </div>
      )}
    </section>
  );
}
