/** A case's status as steps: the current one pressed, any other one a click (or Enter) away. */
import { ToggleButton, makeStyles } from "@fluentui/react-components";

const useStyles = makeStyles({ flow: { display: "flex", flexWrap: "wrap", gap: "4px" } });

export function StatusFlow(props: { options: string[]; current: string | undefined; disabled: boolean; onChange: (status: string) => void }) {
  const styles = useStyles();
  return (
    <div className={styles.flow} role="group" aria-label="Case status">
      {props.options.map((option) => (
        <ToggleButton
          key={option}
          size="small"
          shape="circular"
          checked={option === props.current}
          appearance={option === props.current ? "primary" : "outline"}
          disabled={props.disabled}
          onClick={() => option !== props.current && props.onChange(option)}
        >
          {option}
        </ToggleButton>
      ))}
    </div>
  );
}
