import { describe, expect, it, vi } from 'vitest';
import { fireEvent, screen } from '@testing-library/react';
import { renderWithTheme } from '../../test/render';
import { DocumentUploader } from './DocumentUploader';
import { useDocumentUploads } from './useDocumentUploads';

function Harness() {
  const uploads = useDocumentUploads();
  return (
    <DocumentUploader
      label="Attachments"
      items={uploads.items}
      onAdd={(files) => void uploads.add(files)}
      onRemove={uploads.remove}
      onRetry={vi.fn()}
    />
  );
}

const pdf = new File(['%PDF-1.4'], 'pod.pdf', { type: 'application/pdf' });
const text = new File(['hello'], 'notes.txt', { type: 'text/plain' });
const fakePdf = new File(['<html><script>alert(1)</script>'], 'invoice.pdf', { type: 'application/pdf' });

describe('DocumentUploader', () => {
  it('takes files from the picker, keeping good ones and saying why others are refused', async () => {
    const { container } = renderWithTheme(<Harness />);
    const input = container.querySelector<HTMLInputElement>('input[type="file"]')!;
    expect(input.accept).toContain('application/pdf');
    fireEvent.change(input, { target: { files: [pdf, text] } });

    expect(await screen.findByText('Ready to upload')).toBeInTheDocument();
    expect(screen.getByRole('alert')).toHaveTextContent(
      'Not added: This type of file is not accepted. Use PDF, JPEG, PNG or TIFF.',
    );
    fireEvent.click(screen.getByRole('button', { name: 'Remove notes.txt' }));
    expect(screen.queryByRole('alert')).not.toBeInTheDocument();
  });

  it('takes dropped files', async () => {
    renderWithTheme(<Harness />);
    const zone = screen.getByRole('group', { name: 'Attachments' });
    expect(zone).toHaveAccessibleDescription('PDF, JPEG, PNG or TIFF, up to 25 MB each.');
    fireEvent.drop(zone, { dataTransfer: { files: [pdf], dropEffect: 'copy' } });
    expect(await screen.findByText('pod.pdf')).toBeInTheDocument();
  });

  it('refuses a file whose bytes are not what its name says, before it is ever ready', async () => {
    const { container } = renderWithTheme(<Harness />);
    fireEvent.change(container.querySelector<HTMLInputElement>('input[type="file"]')!, { target: { files: [fakePdf] } });

    expect(await screen.findByRole('alert')).toHaveTextContent('is not really a PDF, JPEG, PNG or TIFF');
    expect(screen.queryByText('Ready to upload')).not.toBeInTheDocument();
  });
});
