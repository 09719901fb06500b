import type { DocumentType } from '../../graphql/generated';

/** What each kind of document is called on screen, in the order the filters offer them. */
export const DOCUMENT_TYPE_LABELS: Record<DocumentType, string> = {
  PROOF_OF_DELIVERY: 'Proof of delivery',
  BILL_OF_LADING: 'Bill of lading',
  PHOTO: 'Photo',
  CLAIM_FORM: 'Claim form',
  RETURN_AUTHORISATION: 'Return authorisation',
  PROMOTION_AGREEMENT: 'Promotion agreement',
  PRICE_AGREEMENT: 'Price agreement',
  CARRIER_CLAIM: 'Carrier claim',
  CREDIT_MEMO: 'Credit memo',
  INVOICE: 'Invoice',
  CORRESPONDENCE: 'Correspondence',
  OTHER: 'Other',
};

export function documentTypeLabel(type: DocumentType): string {
  return DOCUMENT_TYPE_LABELS[type] ?? type;
}

export const DOCUMENT_TYPE_OPTIONS = Object.entries(DOCUMENT_TYPE_LABELS).map(([value, label]) => ({ value, label }));
