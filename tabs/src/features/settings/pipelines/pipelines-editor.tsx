/** Pipelines and their stages: names, probabilities, won/lost, order; removing a stage moves its deals. */
import {
  Button,
  Card,
  Checkbox,
  Dialog,
  DialogActions,
  DialogBody,
  DialogContent,
  DialogSurface,
  DialogTitle,
  Field,
  Input,
  MessageBar,
  MessageBarBody,
  Select,
  Spinner,
  Subtitle2,
  Switch,
  Table,
  TableBody,
  TableCell,
  TableHeader,
  TableHeaderCell,
  TableRow,
  makeStyles,
} from "@fluentui/react-components";
import { useEffect, useState } from "react";
import { ApiError, describeError } from "../../../api/client";
import type { Pipeline, Stage } from "../../../api/types";
import { useSession } from "../../../app/session";
import { keyFromLabel, moveField } from "../forms/form-draft";

const useStyles = makeStyles({
  bar: { display: "flex", flexWrap: "wrap", gap: "8px", alignItems: "end" },
  tableWrap: { overflowX: "auto" },
  number: { width: "80px" },
});

const stageId = (name: string, taken: readonly Stage[]) => {
  const base =
    keyFromLabel(name)
      .toLowerCase()
      .replace(/[^a-z0-9]/g, "")
      .slice(0, 30) || "stage";
  let id = base;
  for (let n = 2; taken.some((stage) => stage.id === id); n += 1) id = `${base}-${n}`;
  return id;
};

export default function PipelinesEditor() {
  const styles = useStyles();
  const { api, pipelines, reloadPipelines } = useSession();
  const [selected, setSelected] = useState<string>();
  const [draft, setDraft] = useState<Pipeline>();
  const [message, setMessage] = useState<{ intent: "success" | "error"; text: string }>();
  const [removing, setRemoving] = useState<Stage>();
  const [target, setTarget] = useState<string>("");
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    if (!pipelines) return;
    const current = pipelines.find((pipeline) => pipeline.id === selected) ?? pipelines.find((pipeline) => pipeline.isDefault) ?? pipelines[0];
    // Follow the stored pipeline when another one is chosen or it was saved (a new ETag); an edit in progress stays.
    if (current) setDraft((draft) => (!draft || draft.id !== current.id || draft.etag !== current.etag ? structuredClone(current) : draft));
  }, [pipelines, selected]);

  if (!pipelines || !draft) return <Spinner label="Loading pipelines…" />;
  const isNew = draft.id === "";
  // Stages the stored pipeline has: their ids are fixed, and removing one moves its opportunities.
  const savedStageIds = new Set(pipelines.find((pipeline) => pipeline.id === draft.id)?.stages.map((stage) => stage.id));

  const setStage = (index: number, change: Partial<Stage>) => setDraft({ ...draft, stages: draft.stages.map((stage, at) => (at === index ? { ...stage, ...change } : stage)) });
  const run = async (work: () => Promise<void>, success: string) => {
    setBusy(true);
    setMessage(undefined);
    try {
      await work();
      await reloadPipelines();
      setMessage({ intent: "success", text: success });
    } catch (failure) {
      const fields = failure instanceof ApiError ? failure.fields.map((problem) => problem.message).join(" ") : "";
      setMessage({ intent: "error", text: fields || describeError(failure) });
    } finally {
      setBusy(false);
    }
  };

  const save = () =>
    run(async () => {
      if (isNew) {
        const created = await api.createPipeline({ name: draft.name, stages: draft.stages, isDefault: draft.isDefault });
        setSelected(created.id);
      } else {
        await api.savePipeline(draft);
      }
    }, `Pipeline “${draft.name}” saved.`);

  const removeStage = (stage: Stage, index: number) => {
    if (!savedStageIds.has(stage.id)) return setDraft({ ...draft, stages: draft.stages.filter((_, at) => at !== index) });
    setTarget(draft.stages.find((candidate) => candidate.id !== stage.id && !candidate.won && !candidate.lost)?.id ?? "");
    setRemoving(stage);
  };

  return (
    <Card>
      <div className={styles.bar}>
        <Field label="Pipeline">
          <Select value={draft.id} onChange={(_, data) => setSelected(data.value)}>
            {isNew && <option value="">(new pipeline)</option>}
            {pipelines.map((pipeline) => (
              <option key={pipeline.id} value={pipeline.id}>
                {pipeline.name}
                {pipeline.isDefault ? " (default)" : ""}
              </option>
            ))}
          </Select>
        </Field>
        <Button
          onClick={() => {
            setDraft({
              id: "",
              name: "New pipeline",
              isDefault: false,
              stages: [
                { id: "open", name: "Open", probability: 20, won: false, lost: false },
                { id: "won", name: "Won", probability: 100, won: true, lost: false },
                { id: "lost", name: "Lost", probability: 0, won: false, lost: true },
              ],
            });
          }}
        >
          New pipeline
        </Button>
      </div>
      {message && (
        <MessageBar intent={message.intent} role={message.intent === "error" ? "alert" : "status"}>
          <MessageBarBody>{message.text}</MessageBarBody>
        </MessageBar>
      )}
      <div className={styles.bar}>
        <Field label="Name" required>
          <Input value={draft.name} onChange={(_, data) => setDraft({ ...draft, name: data.value })} />
        </Field>
        <Switch label="Default pipeline" checked={draft.isDefault} onChange={(_, data) => setDraft({ ...draft, isDefault: data.checked })} />
      </div>
      <Subtitle2 as="h2">Stages</Subtitle2>
      <div className={styles.tableWrap}>
        <Table size="small" aria-label="Stages">
          <TableHeader>
            <TableRow>
              <TableHeaderCell>Stage</TableHeaderCell>
              <TableHeaderCell>Probability %</TableHeaderCell>
              <TableHeaderCell>Won</TableHeaderCell>
              <TableHeaderCell>Lost</TableHeaderCell>
              <TableHeaderCell>Actions</TableHeaderCell>
            </TableRow>
          </TableHeader>
          <TableBody>
            {draft.stages.map((stage, index) => (
              <TableRow key={`${stage.id}-${index}`}>
                <TableCell>
                  <Input
                    aria-label="Stage name"
                    value={stage.name}
                    onChange={(_, data) =>
                      setStage(index, {
                        name: data.value,
                        ...(savedStageIds.has(stage.id)
                          ? {}
                          : {
                              id: stageId(
                                data.value,
                                draft.stages.filter((_, at) => at !== index),
                              ),
                            }),
                      })
                    }
                  />
                </TableCell>
                <TableCell>
                  <Input
                    className={styles.number}
                    aria-label={`${stage.name} probability`}
                    type="number"
                    min={0}
                    max={100}
                    value={String(stage.probability)}
                    onChange={(_, data) => setStage(index, { probability: Math.max(0, Math.min(100, Math.round(Number(data.value) || 0))) })}
                  />
                </TableCell>
                <TableCell>
                  <Checkbox aria-label={`${stage.name} is won`} checked={stage.won} onChange={(_, data) => setStage(index, { won: Boolean(data.checked), ...(data.checked ? { lost: false } : {}) })} />
                </TableCell>
                <TableCell>
                  <Checkbox
                    aria-label={`${stage.name} is lost`}
                    checked={stage.lost}
                    onChange={(_, data) => setStage(index, { lost: Boolean(data.checked), ...(data.checked ? { won: false } : {}) })}
                  />
                </TableCell>
                <TableCell>
                  <Button
                    size="small"
                    appearance="subtle"
                    aria-label={`Move ${stage.name} up`}
                    disabled={index === 0}
                    onClick={() => setDraft({ ...draft, stages: moveField(draft.stages, index, -1) })}
                  >
                    ↑
                  </Button>
                  <Button
                    size="small"
                    appearance="subtle"
                    aria-label={`Move ${stage.name} down`}
                    disabled={index === draft.stages.length - 1}
                    onClick={() => setDraft({ ...draft, stages: moveField(draft.stages, index, 1) })}
                  >
                    ↓
                  </Button>
                  <Button size="small" appearance="subtle" aria-label={`Remove ${stage.name}`} disabled={draft.stages.length === 1} onClick={() => removeStage(stage, index)}>
                    Remove
                  </Button>
                </TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      </div>
      <div className={styles.bar}>
        <Button onClick={() => setDraft({ ...draft, stages: [...draft.stages, { id: stageId("New stage", draft.stages), name: "New stage", probability: 50, won: false, lost: false }] })}>
          Add stage
        </Button>
        <Button appearance="primary" onClick={() => void save()} disabled={busy || !draft.name.trim()}>
          {busy ? "Saving…" : "Save pipeline"}
        </Button>
        {!isNew && !draft.isDefault && (
          <Button
            onClick={() =>
              void run(async () => {
                await api.deletePipeline(draft.id);
                setSelected(undefined);
              }, `Pipeline “${draft.name}” deleted.`)
            }
            disabled={busy}
          >
            Delete pipeline
          </Button>
        )}
      </div>
      {removing && (
        <Dialog open onOpenChange={(_, data) => !data.open && setRemoving(undefined)}>
          <DialogSurface>
            <DialogBody>
              <DialogTitle>Remove the stage “{removing.name}”?</DialogTitle>
              <DialogContent>
                <Field label="Move its opportunities to">
                  <Select value={target} onChange={(_, data) => setTarget(data.value)}>
                    {draft.stages
                      .filter((stage) => stage.id !== removing.id && savedStageIds.has(stage.id))
                      .map((stage) => (
                        <option key={stage.id} value={stage.id}>
                          {stage.name}
                        </option>
                      ))}
                  </Select>
                </Field>
              </DialogContent>
              <DialogActions>
                <Button onClick={() => setRemoving(undefined)}>Cancel</Button>
                <Button
                  appearance="primary"
                  disabled={busy}
                  onClick={() => {
                    const stage = removing;
                    setRemoving(undefined);
                    void run(async () => {
                      await api.deleteStage(draft.id, stage.id, target || undefined);
                    }, `Stage “${stage.name}” removed.`);
                  }}
                >
                  Remove stage
                </Button>
              </DialogActions>
            </DialogBody>
          </DialogSurface>
        </Dialog>
      )}
    </Card>
  );
}
