import { useState } from 'react';
import { Alert, Anchor, Button, Group, Paper, Stack, Text } from '@mantine/core';
import { useMutation } from 'urql';
import { LinkDocumentToInvoiceDocument, type CaseDetailFragment } from '../../shared/graphql/generated';

const MATCHED_BY: Record<string, string> = {
  invoice_number: 'names the invoice number',
  po_number: 'names the PO number',
  delivery_number: 'names the delivery number',
};

interface SuggestedDocumentsProps {
  invoiceId: string;
  suggestions: CaseDetailFragment['suggestedDocuments'];
  onLinked: () => void;
}

/** Documents filed elsewhere whose text names this case's invoice: one click links each here. */
export function SuggestedDocuments({ invoiceId, suggestions, onLinked }: SuggestedDocumentsProps) {
  const [{ fetching }, link] = useMutation(LinkDocumentToInvoiceDocument);
  const [problem, setProblem] = useState<string | null>(null);
  if (suggestions.length === 0) return null;

  async function handleLink(documentId: string) {
    setProblem(null);
    const result = await link({ documentId, invoiceId });
    const answer = result.data?.linkDocumentToInvoice;
    if (answer?.__typename === 'DocumentLinked') onLinked();
    else if (answer && 'message' in answer) setProblem(answer.message);
    else setProblem('The document could not be linked. Reload the case and try again.');
  }

  return (
    <Paper withBorder p="sm" bg="yellow.0" role="region" aria-label="Suggested evidence">
      <Stack gap="xs">
        <Text fw={600} size="sm">
          Suggested evidence: documents that mention this invoice
        </Text>
        {problem && (
          <Alert color="red" variant="light" role="alert">
            {problem}
          </Alert>
        )}
        {suggestions.map(({ document, matchedBy, matchedText }) => (
          <Group key={document.id} justify="space-between" gap="xs">
            <Text size="sm">
              <Anchor href={document.downloadUrl} download={document.filename} fw={500}>
                {document.filename}
              </Anchor>{' '}
              {MATCHED_BY[matchedBy] ?? 'names this invoice'} “{matchedText}”
            </Text>
            <Button
              size="xs"
              variant="light"
              disabled={fetching}
              onClick={() => void handleLink(document.id)}
              aria-label={`Link ${document.filename} to this case`}
            >
              Link to this case
            </Button>
          </Group>
        ))}
      </Stack>
    </Paper>
  );
}
