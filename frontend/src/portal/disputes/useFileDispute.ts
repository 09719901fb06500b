import { useRef, useState } from 'react';
import { useMutation } from 'urql';
import { FileDisputeDocument, type DisputeSummaryFragment, type FileDisputeInput } from '../../shared/graphql/generated';
import { mapFieldErrors, type MappedErrors } from './disputeFormErrors';
import { newIdempotencyKey } from './idempotencyKey';

export const NO_ERRORS: MappedErrors = { fields: {}, form: [] };

const UNREACHABLE =
  "We couldn't reach Recoup, so we don't know whether your dispute was filed. Try again: the same dispute is never filed twice.";

export type FilingOutcome =
  | { kind: 'filed'; dispute: DisputeSummaryFragment }
  | { kind: 'refused' }
  /** A submission was already under way (e.g. a double click): nothing was sent. */
  | { kind: 'busy' };

/**
 * Files a dispute with one idempotency key for the life of the form, so every
 * retry of the same submission (after a dropped connection, or a second click)
 * reaches the server as the same request and files at most once.
 */
export function useFileDispute() {
  const [idempotencyKey] = useState(newIdempotencyKey);
  const [, execute] = useMutation(FileDisputeDocument);
  const inFlight = useRef(false);
  const [submitting, setSubmitting] = useState(false);
  const [errors, setErrors] = useState<MappedErrors>(NO_ERRORS);
  const [filed, setFiled] = useState<DisputeSummaryFragment | null>(null);

  async function file(input: Omit<FileDisputeInput, 'idempotencyKey'>): Promise<FilingOutcome> {
    if (inFlight.current || filed) return { kind: 'busy' };
    inFlight.current = true;
    setSubmitting(true);
    setErrors(NO_ERRORS);
    try {
      const result = await execute({ input: { ...input, idempotencyKey } });
      const answer = result.data?.fileDispute;
      switch (answer?.__typename) {
        case 'DisputeFiled':
          setFiled(answer.dispute);
          return { kind: 'filed', dispute: answer.dispute };
        case 'InvalidInputResult':
          setErrors(mapFieldErrors(answer.errors));
          return { kind: 'refused' };
        case 'NotFoundResult':
        case 'ConflictResult':
          setErrors({ fields: {}, form: [answer.message] });
          return { kind: 'refused' };
        default:
          setErrors({ fields: {}, form: [UNREACHABLE] });
          return { kind: 'refused' };
      }
    } finally {
      inFlight.current = false;
      setSubmitting(false);
    }
  }

  return { file, submitting, errors, setErrors, filed, idempotencyKey };
}
