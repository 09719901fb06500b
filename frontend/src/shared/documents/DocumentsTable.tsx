import { Anchor, Table, Text } from '@mantine/core';
import { usePhone } from '../app/usePhone';
import { PhoneTable } from '../app/PhoneTable';
import { formatDateTime } from '../format/dates';
import { documentTypeLabel } from './search/documentTypes';
import { formatFileSize } from '../format/fileSize';
import type { DocumentLinkFragment } from '../graphql/generated';

const TYPE_NAMES: Record<string, string> = {
  'application/pdf': 'PDF',
  'image/jpeg': 'JPEG image',
  'image/png': 'PNG image',
  'image/tiff': 'TIFF image',
};

interface DocumentsTableProps {
  documents: DocumentLinkFragment[];
  /** Shown instead of the table when there are none, e.g. "No documents are attached to this dispute yet." */
  emptyText: string;
}

/**
 * Documents as download links. Each link is signed for a few minutes only,
 * so the page asks for fresh ones whenever it reloads.
 */
export function DocumentsTable({ documents, emptyText }: DocumentsTableProps) {
  const phone = usePhone();
  if (documents.length === 0) return <Text c="dimmed">{emptyText}</Text>;
  const kind = (document: DocumentLinkFragment) => (
    <>
      {documentTypeLabel(document.documentType)}
      <Text span size="xs" c="dimmed">
        {` · ${TYPE_NAMES[document.contentType] ?? document.contentType}`}
      </Text>
    </>
  );
  if (phone) {
    // On a phone: the file (its name wraps), then what it is, its size and when it was added; nothing scrolls
    // sideways.
    return (
      <PhoneTable label="Documents" columns={['File']}>
        {documents.map((document) => (
          <Table.Tr key={document.id}>
            <Table.Td>
              <Anchor href={document.downloadUrl} download={document.filename} fw={500} style={{ overflowWrap: 'anywhere' }}>
                {document.filename}
              </Anchor>
              <Text size="sm">{kind(document)}</Text>
              <Text size="xs" c="dimmed">
                {formatFileSize(document.sizeBytes)} · added {formatDateTime(document.createdAt)}
              </Text>
            </Table.Td>
          </Table.Tr>
        ))}
      </PhoneTable>
    );
  }
  return (
    <Table.ScrollContainer minWidth={560}>
      <Table verticalSpacing="xs" aria-label="Documents">
        <Table.Thead>
          <Table.Tr>
            <Table.Th scope="col">File</Table.Th>
            <Table.Th scope="col">Kind</Table.Th>
            <Table.Th scope="col" ta="right">
              Size
            </Table.Th>
            <Table.Th scope="col">Added</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {documents.map((document) => (
            <Table.Tr key={document.id}>
              <Table.Td>
                <Anchor href={document.downloadUrl} download={document.filename} fw={500}>
                  {document.filename}
                </Anchor>
              </Table.Td>
              <Table.Td>{kind(document)}</Table.Td>
              <Table.Td ta="right" style={{ whiteSpace: 'nowrap' }}>
                {formatFileSize(document.sizeBytes)}
              </Table.Td>
              <Table.Td style={{ whiteSpace: 'nowrap' }}>{formatDateTime(document.createdAt)}</Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}
