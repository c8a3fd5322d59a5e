/** Who holds powers a rule keeps apart today, and through which roles (`GET /api/access/conflicts`). */
import { Card, Subtitle2, Table, TableBody, TableCell, TableHeader, TableHeaderCell, TableRow, Text, makeStyles } from "@fluentui/react-components";
import type { HeldConflict } from "../../approvals/access-api";

const useStyles = makeStyles({ wrap: { overflowX: "auto" } });

export function ConflictsReport(props: { conflicts: HeldConflict[] }) {
  const styles = useStyles();
  return (
    <Card>
      <Subtitle2 as="h2">Conflicts held today</Subtitle2>
      {props.conflicts.length === 0 ? (
        <Text>Nobody holds conflicting powers.</Text>
      ) : (
        <div className={styles.wrap}>
          <Table size="small" aria-label="Conflicts held today">
            <TableHeader>
              <TableRow>
                <TableHeaderCell>Person</TableHeaderCell>
                <TableHeaderCell>Rule</TableHeaderCell>
                <TableHeaderCell>Why</TableHeaderCell>
                <TableHeaderCell>Through</TableHeaderCell>
              </TableRow>
            </TableHeader>
            <TableBody>
              {props.conflicts.map((conflict) => (
                <TableRow key={`${conflict.userId}-${conflict.ruleId}`}>
                  <TableCell>{conflict.displayName}</TableCell>
                  <TableCell>{conflict.ruleName}</TableCell>
                  <TableCell>{conflict.why}</TableCell>
                  <TableCell>
                    {conflict.through[0]} ({conflict.powers[0]}) and {conflict.through[1]} ({conflict.powers[1]})
                  </TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
        </div>
      )}
    </Card>
  );
}
