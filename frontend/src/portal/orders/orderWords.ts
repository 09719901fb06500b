/** Where a delivered count is from, as the customer reads it (the API says pod, feed or staff). */
export function deliveredSourceWords(source: string | null | undefined): string | null {
  switch (source) {
    case 'pod':
      return 'From the proof of delivery';
    case 'feed':
      return 'From our delivery records';
    case 'staff':
      return 'Entered by our staff';
    default:
      return null;
  }
}

/** "UPS · 1Z999AA10123456784", or whichever of the two is known. */
export function carrierAndTracking(carrier: string, trackingNumber: string): string {
  return [carrier.trim(), trackingNumber.trim()].filter(Boolean).join(' · ') || '—';
}

/** A PO number as a reader recognises it: "PO 4500012345", but "PO-4581811385" as it is. */
export function poWords(poNumber: string): string {
  return /^PO(?![A-Z])/i.test(poNumber.trim()) ? poNumber.trim() : `PO ${poNumber.trim()}`;
}
