import { useCallback, useEffect, useRef, useState } from 'react';
import { checkedFileProblem } from './fileChecks';
import type { DocumentType } from '../graphql/generated';
import { UploadError, uploadDocument, type UploadTarget, type UploadedDocument } from './uploadDocument';

export type UploadStatus =
  /** Accepted here, waiting to be sent. */
  | 'ready'
  | 'uploading'
  | 'done'
  /** The server refused it or the connection dropped: it may be retried. */
  | 'failed'
  /** Refused (here before sending, or by the archive for its type or contents): it can only be removed. */
  | 'refused';

export interface UploadItem {
  key: string;
  file: File;
  status: UploadStatus;
  /** 0–100 while uploading. */
  percent: number;
  /** Why it failed or was refused. */
  message: string | null;
  document: UploadedDocument | null;
  /** What the file is, as the uploader says (proof of delivery, photo, …). */
  documentType: DocumentType;
}

export interface DocumentUploads {
  items: UploadItem[];
  /** Adds files once each is checked (type, size and its first bytes), as `documentType` when given; resolves
   * with the ones accepted. */
  add: (files: File[], documentType?: DocumentType) => Promise<UploadItem[]>;
  remove: (key: string) => void;
  /** Says what a file not yet sent is. */
  setType: (key: string, documentType: DocumentType) => void;
  /** Uploads the given items one after another; resolves with the keys of those that failed. */
  uploadEach: (items: UploadItem[], target: UploadTarget) => Promise<string[]>;
}

let lastKey = 0;

/** A first guess from the file (a photo is a photo); the uploader changes it when it is something else. */
function guessedType(file: File): DocumentType {
  return file.type.startsWith('image/') ? 'PHOTO' : 'OTHER';
}

/**
 * The files a customer picked and how their uploads are going. Uploads run one
 * at a time (kinder to the server's rate limit) and are cancelled if the page
 * that started them goes away.
 */
export function useDocumentUploads(): DocumentUploads {
  const [items, setItems] = useState<UploadItem[]>([]);
  const abortRef = useRef<AbortController | null>(null);

  useEffect(() => {
    const controller = new AbortController();
    abortRef.current = controller;
    return () => controller.abort();
  }, []);

  const patch = useCallback((key: string, change: Partial<UploadItem>) => {
    setItems((list) => list.map((item) => (item.key === key ? { ...item, ...change } : item)));
  }, []);

  const add = useCallback(async (files: File[], documentType?: DocumentType) => {
    const problems = await Promise.all(files.map(checkedFileProblem));
    const added = files.map((file, index): UploadItem => {
      const problem = problems[index] ?? null;
      lastKey += 1;
      return {
        key: `upload-${lastKey}`,
        file,
        status: problem ? 'refused' : 'ready',
        percent: 0,
        message: problem,
        document: null,
        documentType: documentType ?? guessedType(file),
      };
    });
    setItems((list) => [...list, ...added]);
    return added.filter((item) => item.status === 'ready');
  }, []);

  const remove = useCallback((key: string) => setItems((list) => list.filter((item) => item.key !== key)), []);
  const setType = useCallback((key: string, documentType: DocumentType) => patch(key, { documentType }), [patch]);

  const uploadOne = useCallback(
    async (item: UploadItem, target: UploadTarget): Promise<boolean> => {
      patch(item.key, { status: 'uploading', percent: 0, message: null });
      try {
        const document = await uploadDocument(
          target,
          item.file,
          (percent) => patch(item.key, { percent }),
          abortRef.current?.signal,
          item.documentType,
        );
        patch(item.key, { status: 'done', percent: 100, document });
        return true;
      } catch (error) {
        const message = error instanceof UploadError ? error.message : 'The upload failed. Try again.';
        // A file the archive refuses (its type or contents) gets no retry that cannot succeed: remove it or
        // choose another; a dropped connection or a limit may be tried again.
        const refused = error instanceof UploadError && error.refusesTheFile;
        patch(item.key, { status: refused ? 'refused' : 'failed', message });
        return false;
      }
    },
    [patch],
  );

  const uploadEach = useCallback(
    async (list: UploadItem[], target: UploadTarget) => {
      const failed: string[] = [];
      for (const item of list) {
        if (!(await uploadOne(item, target))) failed.push(item.key);
      }
      return failed;
    },
    [uploadOne],
  );

  return { items, add, remove, setType, uploadEach };
}
