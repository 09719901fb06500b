import { useCallback, useEffect, useRef, useState } from 'react';
import type { DocumentLinkFragment } from '../../shared/graphql/generated';

/** How the browser can show a file here: a PDF in a frame, an image inline, or not at all. */
export function previewKind(contentType: string): 'pdf' | 'image' | null {
  if (contentType === 'application/pdf') return 'pdf';
  if (['image/jpeg', 'image/png', 'image/gif', 'image/webp'].includes(contentType)) return 'image';
  return null;
}

export type PreviewState =
  | { status: 'closed' }
  | { status: 'loading'; document: DocumentLinkFragment }
  | { status: 'ready'; document: DocumentLinkFragment; url: string }
  | { status: 'failed'; document: DocumentLinkFragment; message: string };

/**
 * Shows a document in the page. Its download link answers as an attachment,
 * so the file is fetched into a Blob and shown from a blob: URL (which the
 * CSP allows in frames and images); the URL is released when no longer shown.
 */
export function useDocumentPreview() {
  const [state, setState] = useState<PreviewState>({ status: 'closed' });
  const request = useRef(0);

  useEffect(() => {
    if (state.status !== 'ready') return;
    const { url } = state;
    return () => URL.revokeObjectURL(url);
  }, [state]);

  const show = useCallback(async (document: DocumentLinkFragment) => {
    const current = ++request.current;
    setState({ status: 'loading', document });
    try {
      const response = await fetch(document.downloadUrl, { credentials: 'same-origin' });
      if (!response.ok) {
        const expired = response.status === 403 || response.status === 404 || response.status === 410;
        throw new Error(
          expired
            ? 'The link to this file has expired or is no longer valid. Reload the case and try again.'
            : `The file could not be loaded (error ${response.status}).`,
        );
      }
      const blob = new Blob([await response.arrayBuffer()], { type: document.contentType });
      if (current !== request.current) return;
      setState({ status: 'ready', document, url: URL.createObjectURL(blob) });
    } catch (error) {
      if (current !== request.current) return;
      const message =
        error instanceof TypeError ? "We couldn't reach Recoup. Check your connection and try again." : (error as Error).message;
      setState({ status: 'failed', document, message });
    }
  }, []);

  const close = useCallback(() => {
    request.current += 1;
    setState({ status: 'closed' });
  }, []);

  return { state, show, close };
}
