import { useState } from 'react';
import { DocumentUploader } from '../../shared/documents/DocumentUploader';
import type { DocumentType } from '../../shared/graphql/generated';
import { useDocumentUploads, type UploadItem } from '../../shared/documents/useDocumentUploads';

/** Staff add documents to a case that the customer never sees (internal), e.g. a carrier claim. */
export function InternalDocumentUpload({ caseId, onUploaded }: { caseId: string; onUploaded: () => void }) {
  const uploads = useDocumentUploads();
  const [kind, setKind] = useState<DocumentType>('CORRESPONDENCE');
  const target = { disputeId: caseId, internal: true };

  async function send(items: UploadItem[]) {
    const failed = await uploads.uploadEach(items, target);
    if (failed.length < items.length) onUploaded();
  }

  return (
    <DocumentUploader
      label="Add an internal document (not shown to the customer)"
      items={uploads.items}
      onAdd={(files) => void uploads.add(files, kind).then(send)}
      kind={{ value: kind, onChange: setKind }}
      onRemove={uploads.remove}
      onRetry={(item) => void send([item])}
    />
  );
}
