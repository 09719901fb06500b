import { Alert, Anchor, Badge, Box, Button, CloseButton, Group, Image, Loader, Paper, Stack, Table, Text, VisuallyHidden } from '@mantine/core';
import { formatDateTime } from '../../shared/format/dates';
import { formatFileSize } from '../../shared/format/fileSize';
import type { DocumentLinkFragment } from '../../shared/graphql/generated';
import { previewKind, useDocumentPreview, type PreviewState } from './useDocumentPreview';

const TYPE_NAMES: Record<string, string> = {
  'application/pdf': 'PDF',
  'image/jpeg': 'JPEG image',
  'image/png': 'PNG image',
  'image/tiff': 'TIFF image',
};

function Preview({ state, onClose }: { state: Exclude<PreviewState, { status: 'closed' }>; onClose: () => void }) {
  const { document } = state;
  return (
    <Paper withBorder p="sm" role="region" aria-label={`Viewer: ${document.filename}`}>
      <Group justify="space-between" mb="xs">
        <Text fw={600} size="sm">
          {document.filename}
        </Text>
        <CloseButton aria-label="Close the viewer" onClick={onClose} />
      </Group>
      {state.status === 'loading' && (
        <Group gap="xs" role="status">
          <Loader size="sm" />
          <Text size="sm">Loading the file…</Text>
        </Group>
      )}
      {state.status === 'failed' && (
        <Alert color="red" variant="light" role="alert" title="The file can't be shown">
          {state.message}
        </Alert>
      )}
      {state.status === 'ready' &&
        (previewKind(document.contentType) === 'pdf' ? (
          <Box component="iframe" src={state.url} title={`Document: ${document.filename}`} w="100%" h={640} style={{ border: 0 }} />
        ) : (
          <Image src={state.url} alt={`Document: ${document.filename}`} fit="contain" mah={640} />
        ))}
    </Paper>
  );
}

/** The case's documents and the invoice's, with a viewer for PDFs and images. */
export function CaseDocuments({ documents }: { documents: DocumentLinkFragment[] }) {
  const preview = useDocumentPreview();
  if (documents.length === 0) return <Text c="dimmed">No documents on this case or its invoice.</Text>;
  return (
    <Stack gap="sm">
      <Table.ScrollContainer minWidth={560}>
        <Table verticalSpacing="xs" aria-label="Documents">
          <Table.Thead>
            <Table.Tr>
              <Table.Th scope="col">File</Table.Th>
              <Table.Th scope="col">Type</Table.Th>
              <Table.Th scope="col" ta="right">
                Size
              </Table.Th>
              <Table.Th scope="col">Added</Table.Th>
              <Table.Th scope="col">
                <VisuallyHidden>Actions</VisuallyHidden>
              </Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {documents.map((document) => {
              const viewable = previewKind(document.contentType) !== null;
              return (
                <Table.Tr key={document.id}>
                  <Table.Td fw={500}>
                    {document.filename}
                    {document.isInternal && (
                      <Badge ml="xs" color="grape" variant="light" radius="sm">
                        Internal
                      </Badge>
                    )}
                    {document.readStatus === 'COULD_NOT_READ' && (
                      <Badge ml="xs" color="orange" variant="light" radius="sm">
                        Text could not be read
                      </Badge>
                    )}
                  </Table.Td>
                  <Table.Td>{TYPE_NAMES[document.contentType] ?? document.contentType}</Table.Td>
                  <Table.Td ta="right" style={{ whiteSpace: 'nowrap' }}>
                    {formatFileSize(document.sizeBytes)}
                  </Table.Td>
                  <Table.Td style={{ whiteSpace: 'nowrap' }}>{formatDateTime(document.createdAt)}</Table.Td>
                  <Table.Td>
                    <Group gap="xs" wrap="nowrap">
                      {viewable ? (
                        <Button size="xs" variant="light" aria-label={`View ${document.filename}`} onClick={() => void preview.show(document)}>
                          View
                        </Button>
                      ) : (
                        <Text size="xs" c="dimmed">
                          No preview
                        </Text>
                      )}
                      <Anchor href={document.downloadUrl} download={document.filename} size="sm" aria-label={`Download ${document.filename}`}>
                        Download
                      </Anchor>
                    </Group>
                  </Table.Td>
                </Table.Tr>
              );
            })}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
      {preview.state.status !== 'closed' && <Preview state={preview.state} onClose={preview.close} />}
    </Stack>
  );
}
