import { useSession } from "../../app/session";
import { choiceFilter } from "../records/choice-filter";
import { RecordList } from "../records/record-list";

export default function LeadsView() {
  const { forms } = useSession();
  const filters = [...choiceFilter(forms?.lead, "status", "Status"), ...choiceFilter(forms?.lead, "source", "Source")];
  return <RecordList entity="lead" columns={["company", "status", "source", "value"]} filters={filters} />;
}
