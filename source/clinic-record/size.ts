import { buildClinicRecord, type RecordAnswers } from './build.js';
import { metadataLimit, recordBytes } from './record.js';

/**
 * Whether a clinic's record will fit in the credential's metadata, judged before anything is sent: a record that
 * does not fit would otherwise fail mid-run, after the cloud resources were made. What a run fills in later is
 * assumed at its longest.
 */

/** The longest OpenSSH SHA256 fingerprint: 43 base64 characters, with the padding some tools print. */
const longestFingerprint = `SHA256:${'A'.repeat(43)}=`;

/**
 * A reserved TCP address is ngrok's to pick: `1.tcp.ngrok.io:20000` today
 * (https://ngrok.com/docs/universal-gateway/tcp-addresses/). A host name of 63 characters is assumed, with room.
 */
const longestReservedAddr = `${'a'.repeat(63)}:65535`;

/** Rotations count up from 1; a record's generation is assumed to reach 9 digits. */
const largestGeneration = 999_999_999;

/** Where an answers file makes the record too big, and what to shorten. */
export interface RecordSizeProblem {
  /** The part of the answers that takes the most room: `services`, `host`, `standby_host` or `clinic.name`. */
  path: string[];
  message: string;
}

/** Undefined when the record of these answers fits in the credential's metadata at its largest. */
export function recordSizeProblem(answers: RecordAnswers): RecordSizeProblem | undefined {
  const reserved = answers.services.filter((service) => service.public?.url === 'reserve');
  const record = buildClinicRecord(answers, {
    generation: largestGeneration,
    hostKeys: { primary: longestFingerprint, standby: longestFingerprint },
    reservedAddrs: new Map(reserved.map((service) => [service.name, longestReservedAddr])),
  });
  const bytes = recordBytes(record);
  if (bytes <= metadataLimit) return undefined;
  const parts = [
    {
      path: ['services'],
      bytes: jsonBytes(record.endpoints),
      fix: 'list fewer services or shorten their URLs',
    },
    { path: ['host'], bytes: jsonBytes(record.host), fix: 'shorten its address or config_path' },
    {
      path: ['standby_host'],
      bytes: jsonBytes(record.standby_host),
      fix: 'shorten its address or config_path',
    },
    { path: ['clinic', 'name'], bytes: jsonBytes(record.name), fix: 'shorten it' },
  ];
  const largest = parts.reduce((a, b) => (b.bytes > a.bytes ? b : a));
  return {
    path: largest.path,
    message:
      `makes the clinic record too big: ${bytes} bytes (with host-key fingerprints and reserved addresses ` +
      `at their longest), and ngrok keeps ${metadataLimit} bytes of a credential's metadata; ${largest.fix}`,
  };
}

function jsonBytes(value: unknown): number {
  return value === undefined ? 0 : Buffer.byteLength(JSON.stringify(value));
}
