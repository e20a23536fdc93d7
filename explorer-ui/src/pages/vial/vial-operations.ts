// What the vial page asks: the unit as the ledger keeps it.
import type { UnitQuery, UnitQueryVariables } from '../../graphql/generated/operations';
import { CHANGE_STAMP_FIELDS } from '../../graphql/fragments';
import { operation } from '../../graphql/operation';

export const UNIT = operation<UnitQuery, UnitQueryVariables>(
  /* GraphQL */ `
    query Unit($code: String!) {
      unit(code: $code) {
        code
        scheme
        serial
        lotId
        status
        caseCode
        commissionedAt
        lastChange {
          ...ChangeStampFields
        }
      }
    }
  `,
  [CHANGE_STAMP_FIELDS],
);
