import { useSession } from "../../app/session";
import { choiceFilter } from "../records/choice-filter";
import { RecordList } from "../records/record-list";

export default function CasesView() {
  const { forms } = useSession();
  const filters = [...choiceFilter(forms?.case, "status", "Status"), ...choiceFilter(forms?.case, "priority", "Priority")];
  return <RecordList entity="case" columns={["status", "priority", "customer", "assigneeId"]} filters={filters} />;
}
