// The consortium's registry as the ledger holds it (one governed record): its members, and the e-signature
// authorities whose certificates the regulator accepts for release signatures (seed 001 Q5), those withdrawn marked so
// (signatures made before stay valid), and who changed it last. Changing the authorities takes a majority of the members'
// admins' signatures, a regulator's among them, gathered on the ledger one admin at a time (RegistryChanges.tsx).
import 'reflect-metadata'; // @peculiar/x509 needs it loaded first
import { X509Certificate } from '@peculiar/x509';
import { useQuery } from '../../graphql/use-query';
import { Instant } from '../../ui/Instant';
import { Panel } from '../../ui/Panel';
import { QueryStatus } from '../../ui/QueryStatus';
import { CONSORTIUM_REGISTRY } from './network-operations';
import { RegistryChanges } from './RegistryChanges';

/** What a person checks of an authority's CA certificate: whom it names and when it is valid. */
function CertificateSummary({ pem }: { readonly pem: string }) {
  try {
    const certificate = new X509Certificate(pem);
    return (
      <span>
        {certificate.subject}, valid <Instant at={certificate.notBefore.toISOString()} /> –{' '}
        <Instant at={certificate.notAfter.toISOString()} />
      </span>
    );
  } catch {
    return <span className="notice error">not a readable X.509 certificate</span>;
  }
}

export function ConsortiumRegistry() {
  const query = useQuery(CONSORTIUM_REGISTRY, {});
  const registry = query.data?.consortium;
  return (
    <Panel title={registry ? `Consortium registry, version ${registry.version}` : 'Consortium registry'}>
      <QueryStatus query={query} what="the consortium registry" />
      {registry && (
        <>
          <div className="table-wrap">
            <table data-testid="consortium-members">
              <thead>
                <tr>
                  <th>Member</th>
                  <th>MSP ID</th>
                  <th>Kind</th>
                  <th>Jurisdiction</th>
                  <th>Facilities</th>
                </tr>
              </thead>
              <tbody>
                {registry.organisations.map((o) => (
                  <tr key={o.mspId}>
                    <td>{o.name}</td>
                    <td>
                      <code>{o.mspId}</code>
                    </td>
                    <td>{o.kind}</td>
                    <td>{o.jurisdiction ?? 'CN'}</td>
                    <td>{o.facilities.join(', ') || '—'}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <h3>E-signature authorities</h3>
          <ul className="plain" data-testid="signature-authorities">
            {(registry.signatureAuthorities ?? []).length === 0 && (
              <li className="muted">None: release signatures are made with the signers' own keys only.</li>
            )}
            {(registry.signatureAuthorities ?? []).map((a) => (
              <li key={a.certificate}>
                <strong>{a.name}</strong>: <CertificateSummary pem={a.certificate} />
              </li>
            ))}
            {(registry.formerSignatureAuthorities ?? []).map((a) => (
              <li key={a.certificate} className="muted">
                <strong>{a.name}</strong> (withdrawn: its signatures made before stay valid): <CertificateSummary pem={a.certificate} />
              </li>
            ))}
          </ul>
          <p className="muted">
            Last changed <Instant at={registry.lastChange.at} /> by {registry.lastChange.by.name} of {registry.lastChange.by.mspId}:{' '}
            {registry.reason}
          </p>
          <RegistryChanges registry={registry} onApplied={query.reload} />
        </>
      )}
    </Panel>
  );
}
