/** What people see when they create a record with the form as it is being edited (the dialogs' own renderer). */
import { Card, Subtitle2, Text } from "@fluentui/react-components";
import { useState } from "react";
import type { EntityType, FieldDefinition } from "../../../api/types";
import { entityLabels } from "../../../api/types";
import { useSession } from "../../../app/session";
import { FormRenderer } from "../../records/form-renderer";
import type { Draft } from "../../records/form-values";

export function FormPreview(props: { entity: EntityType; fields: FieldDefinition[] }) {
  const { users } = useSession();
  const [values, setValues] = useState<Draft>({});
  return (
    <Card aria-label="Live preview">
      <Subtitle2 as="h2">Preview</Subtitle2>
      <Text size={200}>What people see when they create a {entityLabels[props.entity].one.toLowerCase()}.</Text>
      <FormRenderer idPrefix={`preview-${props.entity}`} fields={props.fields} values={values} users={users} onChange={(key, value) => setValues({ ...values, [key]: value })} />
    </Card>
  );
}
