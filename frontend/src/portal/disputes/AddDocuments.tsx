import { useState } from 'react';
import { DocumentUploader } from '../../shared/documents/DocumentUploader';
import type { DocumentType } from '../../shared/graphql/generated';
import { useDocumentUploads, type UploadItem } from '../../shared/documents/useDocumentUploads';

interface AddDocumentsProps {
  disputeId: string;
  /** Called after each batch of uploads, so the page can show the new documents. */
  onUploaded: () => void;
}

/** "Add documents" on a dispute's page: files upload as soon as they are chosen. */
export function AddDocuments({ disputeId, onUploaded }: AddDocumentsProps) {
  const uploads = useDocumentUploads();
  const [kind, setKind] = useState<DocumentType>('PROOF_OF_DELIVERY');

  async function upload(items: UploadItem[]) {
    if (items.length === 0) return;
    const failed = await uploads.uploadEach(items, { disputeId });
    if (failed.length < items.length) onUploaded();
  }

  return (
    <DocumentUploader
      label="Add documents"
      items={uploads.items}
      onAdd={(files) => void uploads.add(files, kind).then(upload)}
      kind={{ value: kind, onChange: setKind }}
      onRemove={uploads.remove}
      onRetry={(item) => void upload([item])}
    />
  );
}
