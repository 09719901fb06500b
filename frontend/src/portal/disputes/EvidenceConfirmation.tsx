import { Checkbox, Text } from '@mantine/core';
import { evidenceFor } from './claimCheck';

interface EvidenceConfirmationProps {
  reasonCode: string;
  /** How many files wait to go out with the dispute. */
  attachedFiles: number;
  confirmed: boolean;
  onConfirmedChange: (confirmed: boolean) => void;
  /** The customer tried to file without evidence or the tick: say what is missing. */
  asked: boolean;
  disabled: boolean;
}

/**
 * Beside "File dispute" when our records differ from the claim: with files attached, a note that they go
 * along as evidence; without, the customer's word that evidence will follow ("File anyway: I will send evidence").
 */
export function EvidenceConfirmation(props: EvidenceConfirmationProps) {
  const { reasonCode, attachedFiles, confirmed, onConfirmedChange, asked, disabled } = props;
  const evidence = evidenceFor(reasonCode);
  if (attachedFiles > 0) {
    return (
      <Text size="sm" c="dimmed">
        Our records differ from your claim: your attachments go with the dispute as evidence.
      </Text>
    );
  }
  return (
    <Checkbox
      label="File anyway: I will send evidence"
      description={`Our records differ from your claim. Attach your ${evidence} above, or tick this to file now and add it on the dispute's page later.`}
      checked={confirmed}
      onChange={(event) => onConfirmedChange(event.currentTarget.checked)}
      error={asked ? `Attach your ${evidence}, or tick “File anyway: I will send evidence”.` : undefined}
      aria-invalid={asked}
      disabled={disabled}
    />
  );
}
