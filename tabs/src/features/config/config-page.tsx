/**
 * `#/config`, the channel and group chat tab's configuration page. In Teams it chooses
 * what the tab shows and hands Teams the settings on Save (`pages.config`, through the
 * Teams adapter); opened anywhere else it says what it is for.
 */
import { Body1, Link, Radio, RadioGroup, Title3, makeStyles, tokens } from "@fluentui/react-components";
import { useEffect, useRef, useState } from "react";
import type { TabConfigHost } from "../../app/teams-host";
import { tabSettings, tabViews } from "./tab-views";

const useStyles = makeStyles({
  root: { minHeight: "100%", boxSizing: "border-box", backgroundColor: tokens.colorNeutralBackground1, color: tokens.colorNeutralForeground1, padding: "24px 16px" },
  page: { maxWidth: "640px", margin: "0 auto", display: "flex", flexDirection: "column", gap: "12px" },
  list: { margin: 0, paddingLeft: "20px", display: "flex", flexDirection: "column", gap: "4px" },
});

export default function ConfigPage(props: { config: TabConfigHost | undefined }) {
  const styles = useStyles();
  return (
    <div className={styles.root}>
      <main className={styles.page} aria-labelledby="config-title">
        {props.config ? <ChooseView config={props.config} /> : <AboutConfig />}
      </main>
    </div>
  );
}

function ChooseView({ config }: { config: TabConfigHost }) {
  const known = tabViews.some((view) => view.entityId === config.currentEntityId);
  const [chosen, setChosen] = useState<string | undefined>(known ? config.currentEntityId : undefined);
  // The save handler is registered once; it reads the latest choice through this ref.
  const chosenRef = useRef(chosen);
  useEffect(() => {
    chosenRef.current = chosen;
  }, [chosen]);

  useEffect(() => {
    config.onSave(() => {
      const view = tabViews.find((candidate) => candidate.entityId === chosenRef.current);
      return view ? tabSettings(view, window.location) : undefined;
    });
  }, [config]);

  useEffect(() => {
    config.setValid(chosen !== undefined);
  }, [config, chosen]);

  return (
    <>
      <Title3 as="h1" id="config-title">
        Add the CRM to this conversation
      </Title3>
      <Body1 as="p">Choose what the tab shows, then select Save. Everyone still sees only the records their CRM role lets them read.</Body1>
      <RadioGroup aria-labelledby="config-title" value={chosen ?? ""} onChange={(_, data) => setChosen(data.value)}>
        {tabViews.map((view) => (
          <Radio
            key={view.entityId}
            value={view.entityId}
            label={{
              children: (
                <>
                  {view.label} <span style={{ color: tokens.colorNeutralForeground3 }}>— {view.description}</span>
                </>
              ),
            }}
          />
        ))}
      </RadioGroup>
    </>
  );
}

function AboutConfig() {
  const styles = useStyles();
  return (
    <>
      <Title3 as="h1" id="config-title">
        Set up a CRM tab
      </Title3>
      <Body1 as="p">Teams opens this page when someone adds the CRM as a tab to a channel or a group chat, to choose what the tab shows. It only works inside Teams.</Body1>
      <Body1 as="p">A tab can show:</Body1>
      <ul className={styles.list}>
        {tabViews.map((view) => (
          <li key={view.entityId}>
            <Link href={view.hash}>{view.label}</Link>: {view.description}
          </li>
        ))}
      </ul>
    </>
  );
}
