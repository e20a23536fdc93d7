// Whether the off-chain copy of an object still matches the ledger, checked by the gateway against the
// peers' world state and shown as a badge that can be run again. Until the gateway serves the check, the
// badge says so instead of claiming anything.
import { NotServed } from '../ui/NotServed';

export function VerificationBadge({ objectType }: { readonly objectType: string }) {
  return <NotServed what={`Verifying this ${objectType} against the ledger`} needs={['Query.verification']} />;
}
