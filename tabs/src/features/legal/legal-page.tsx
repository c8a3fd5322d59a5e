/** The privacy statement and terms of use the Teams manifest links to. Plain text, no sign-in needed. */
import { Body1, Link, Subtitle2, Title3, makeStyles, tokens } from "@fluentui/react-components";
import type { ReactNode } from "react";
import type { LegalPage as Page } from "../../app/legal-route";

const useStyles = makeStyles({
  root: { minHeight: "100%", boxSizing: "border-box", backgroundColor: tokens.colorNeutralBackground1, color: tokens.colorNeutralForeground1, padding: "24px 16px" },
  page: { maxWidth: "720px", margin: "0 auto", display: "flex", flexDirection: "column", gap: "8px" },
  list: { margin: 0, paddingLeft: "20px", display: "flex", flexDirection: "column", gap: "4px" },
  nav: { display: "flex", gap: "16px", flexWrap: "wrap", marginTop: "16px" },
});

function Section(props: { title: string; children: ReactNode }) {
  return (
    <section>
      <Subtitle2 as="h2" block style={{ marginTop: 12, marginBottom: 4 }}>
        {props.title}
      </Subtitle2>
      {props.children}
    </section>
  );
}

function Privacy() {
  const styles = useStyles();
  return (
    <>
      <Title3 as="h1" id="legal-title">
        Privacy
      </Title3>
      <Body1 as="p">This CRM is run by your organisation, for your organisation. This page says what it keeps, where, and who can see it.</Body1>
      <Section title="What is stored">
        <ul className={styles.list}>
          <li>What people enter: leads, opportunities, cases, their notes and history.</li>
          <li>The set-up: forms, pipelines, roles, workflows.</li>
          <li>For each person who signs in: their Microsoft Entra user id, display name and e-mail address, and their CRM roles.</li>
          <li>An audit log of who did what, and when.</li>
        </ul>
      </Section>
      <Section title="Where it is stored">
        <Body1 as="p">
          In your organisation&apos;s own Azure Storage account, in your organisation&apos;s own Azure subscription. The CRM&apos;s server runs there too. The CRM keeps its data nowhere else; messages
          the bot sends you stay in Teams, like any other chat.
        </Body1>
      </Section>
      <Section title="Who can see it">
        <Body1 as="p">
          People in your organisation, as far as the roles set up by your CRM&apos;s Owners allow; and your organisation&apos;s Azure administrators, who manage the storage account.
        </Body1>
      </Section>
      <Section title="No third parties">
        <Body1 as="p">
          The CRM does not sell, share or send your data to anyone. It has no advertising, no analytics and no tracking, and this page loads nothing from other sites. It works through the Microsoft
          services your organisation already uses: Teams and Microsoft Entra ID for sign-in, the Microsoft Bot Service to carry chat messages, and Microsoft Graph when an Owner imports a team&apos;s
          members.
        </Body1>
      </Section>
      <Section title="In your browser">
        <Body1 as="p">No cookies. Outside Teams, a test sign-in keeps its token in the browser tab&apos;s session storage until the tab is closed.</Body1>
      </Section>
      <Section title="Keeping and deleting">
        <Body1 as="p">
          Records stay until someone allowed to deletes them. A deleted record is gone for everyone; the audit log keeps a trace of the deletion. To have your data corrected or removed, ask your CRM
          Owner or your IT department.
        </Body1>
      </Section>
    </>
  );
}

function Terms() {
  const styles = useStyles();
  return (
    <>
      <Title3 as="h1" id="legal-title">
        Terms of use
      </Title3>
      <Body1 as="p">Your organisation provides this CRM to its people for its own work. By using it you agree to the following.</Body1>
      <ul className={styles.list}>
        <li>Use it for your organisation&apos;s business, within your organisation&apos;s policies.</li>
        <li>You are responsible for what you enter. Keep it accurate, and do not enter what you are not allowed to keep.</li>
        <li>What you may see and change depends on the roles your CRM&apos;s Owners give you. Do not try to get around them.</li>
        <li>Your organisation may change the CRM, its set-up or these terms, or stop offering it.</li>
        <li>The CRM is provided as it is, without promises beyond those your organisation makes to you.</li>
      </ul>
      <Body1 as="p">Questions go to your CRM Owner or your IT department.</Body1>
    </>
  );
}

export default function LegalPage(props: { page: Page }) {
  const styles = useStyles();
  return (
    <div className={styles.root}>
      <article className={styles.page} aria-labelledby="legal-title">
        {props.page === "privacy" ? <Privacy /> : <Terms />}
        <nav className={styles.nav} aria-label="More">
          <Link href="#/">Open the CRM</Link>
          {props.page === "privacy" ? <Link href="#/terms">Terms of use</Link> : <Link href="#/privacy">Privacy</Link>}
        </nav>
      </article>
    </div>
  );
}
