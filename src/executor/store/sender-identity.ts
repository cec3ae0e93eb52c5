import { z } from 'zod';
import { parseOrThrow } from '../../core/errors';

/**
 * How a host groups its senders for opt-outs: a map from sender (phone number or Messaging
 * Service SID) to a stable identity name, or a function doing the same. Several numbers mapped to
 * one identity share one opt-out list, so an opt-out survives a change of number; a sender that
 * is not mapped is its own identity.
 */
export type SenderIdentities = Record<string, string> | ((sender: string) => string);

const senderIdentitiesSchema = z.union([
  z.record(z.string(), z.string().trim().min(1, 'must name an identity')),
  z.custom<(sender: string) => string>((value) => typeof value === 'function', 'must be a map or a function'),
]);

export type SenderIdentityResolver = (sender: string) => string;

export function createSenderIdentityResolver(identities?: SenderIdentities): SenderIdentityResolver {
  if (identities === undefined) return (sender) => sender;
  const checked = parseOrThrow(senderIdentitiesSchema, identities, 'senderIdentities');
  if (typeof checked === 'function') {
    return (sender) => {
      const identity = checked(sender);
      return typeof identity === 'string' && identity.trim() ? identity.trim() : sender;
    };
  }
  return (sender) => (Object.hasOwn(checked, sender) ? (checked[sender] as string) : sender);
}
