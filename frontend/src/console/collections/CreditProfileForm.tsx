import { useState } from 'react';
import { Button, Group, NativeSelect, Stack, TextInput, Title } from '@mantine/core';
import { useMutation } from 'urql';
import { formatDate, isIsoDate } from '../../shared/format/dates';
import { isMoneyInput } from '../../shared/format/decimal';
import { formatMoney } from '../../shared/format/money';
import { CollectionsChangeCreditProfileDocument, type CollectionsAccountViewFragment } from '../../shared/graphql/generated';
import { FactList } from '../../shared/invoices/InvoiceFacts';
import { actionOutcome } from './actionOutcome';
import { isRiskClass, RISK_CLASSES, riskLabel } from './collectionsLabels';
import { failureOf, OutcomeAlert, type ShownOutcome } from './OutcomeAlert';

type Profile = CollectionsAccountViewFragment['profile'];
const FIELDS = ['creditLimit', 'riskClass', 'paymentTermsDays', 'creditReviewOn'] as const;
type Field = (typeof FIELDS)[number];

interface CreditProfileProps {
  accountId: string;
  profile: Profile;
  /** Credit managers and admins change it; everyone else reads it. */
  editable: boolean;
  onDone: (message: string) => void;
  /** Reloads the account (after someone else changed the profile). */
  onReload: () => void;
}

/** The account's credit limit, risk class, payment terms and next review: a form for credit managers. */
export function CreditProfilePanel(props: CreditProfileProps) {
  const { profile, editable } = props;
  return (
    <Stack gap="sm" component="section" aria-labelledby="profile-heading">
      <Title order={2} size="h3" id="profile-heading">
        Credit profile
      </Title>
      {editable ? (
        // a new version (saved here or elsewhere and reloaded) starts the form afresh
        <CreditProfileForm key={profile.version} {...props} />
      ) : (
        <FactList
          label="Credit profile"
          facts={[
            { label: 'Credit limit', value: formatMoney(profile.creditLimit, profile.currency) },
            { label: 'Risk class', value: riskLabel(profile.riskClass) },
            { label: 'Payment terms', value: `${profile.paymentTermsDays} days` },
            { label: 'Next credit review', value: profile.creditReviewOn ? formatDate(profile.creditReviewOn) : 'None set' },
          ]}
        />
      )}
    </Stack>
  );
}

function CreditProfileForm({ accountId, profile, onDone, onReload }: CreditProfileProps) {
  const [{ fetching }, change] = useMutation(CollectionsChangeCreditProfileDocument);
  const [creditLimit, setCreditLimit] = useState(profile.creditLimit);
  const [riskClass, setRiskClass] = useState(profile.riskClass);
  const [terms, setTerms] = useState(String(profile.paymentTermsDays));
  const [reviewOn, setReviewOn] = useState(profile.creditReviewOn ?? '');
  const [errors, setErrors] = useState<Partial<Record<Field, string>>>({});
  const [failure, setFailure] = useState<ShownOutcome | null>(null);
  const [conflict, setConflict] = useState(false);

  function problems(): Partial<Record<Field, string>> {
    const found: Partial<Record<Field, string>> = {};
    if (!isMoneyInput(creditLimit.trim())) found.creditLimit = 'Enter the limit as an amount such as 50000.00.';
    if (!/^\d{1,3}$/.test(terms.trim()) || Number(terms) > 365) found.paymentTermsDays = 'Payment terms are 0 to 365 days.';
    if (reviewOn !== '' && !isIsoDate(reviewOn)) found.creditReviewOn = 'Enter a day, or leave it empty.';
    return found;
  }

  async function submit() {
    setFailure(null);
    setConflict(false);
    const found = problems();
    setErrors(found);
    if (Object.keys(found).length > 0) return;
    const result = await change({
      accountId,
      version: profile.version,
      creditLimit: creditLimit.trim(),
      riskClass,
      paymentTermsDays: Number(terms.trim()),
      creditReviewOn: reviewOn || null,
    });
    const answer = actionOutcome(result.data?.changeCreditProfile, FIELDS);
    if (answer.ok) onDone(answer.message);
    else {
      setErrors(answer.fields);
      setFailure(failureOf(answer.messages));
      setConflict(answer.kind === 'conflict');
    }
  }

  const clear = (field: Field) => setErrors((current) => ({ ...current, [field]: undefined }));
  return (
    <Stack
      component="form"
      gap="sm"
      aria-label="Credit profile"
      onSubmit={(event) => {
        event.preventDefault();
        void submit();
      }}
    >
      <Group align="flex-start" gap="sm" wrap="wrap">
        <TextInput
          label={`Credit limit (${profile.currency})`}
          inputMode="decimal"
          value={creditLimit}
          error={errors.creditLimit}
          onChange={(event) => {
            setCreditLimit(event.currentTarget.value);
            clear('creditLimit');
          }}
          w={{ base: '100%', sm: 200 }}
        />
        <NativeSelect
          label="Risk class"
          data={RISK_CLASSES.map((risk) => ({ value: risk, label: riskLabel(risk) }))}
          value={riskClass}
          error={errors.riskClass}
          onChange={(event) => {
            const value = event.currentTarget.value;
            if (isRiskClass(value)) setRiskClass(value);
            clear('riskClass');
          }}
          w={{ base: '100%', sm: 160 }}
        />
        <TextInput
          label="Payment terms (days)"
          inputMode="numeric"
          value={terms}
          error={errors.paymentTermsDays}
          onChange={(event) => {
            setTerms(event.currentTarget.value);
            clear('paymentTermsDays');
          }}
          w={{ base: '100%', sm: 170 }}
        />
        <TextInput
          type="date"
          label="Next credit review"
          value={reviewOn}
          error={errors.creditReviewOn}
          onChange={(event) => {
            setReviewOn(event.currentTarget.value);
            clear('creditReviewOn');
          }}
          w={{ base: '100%', sm: 190 }}
        />
      </Group>
      <OutcomeAlert outcome={failure} />
      <Group>
        <Button type="submit" loading={fetching}>
          Save credit profile
        </Button>
        {conflict && (
          <Button variant="default" onClick={onReload}>
            Reload the account
          </Button>
        )}
      </Group>
    </Stack>
  );
}
