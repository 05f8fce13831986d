/**
 * The collections Lianxin keeps and the indexes its queries need. The embedded engine builds
 * these indexes; production creates the same ones in CloudBase (see the deployment guide).
 */
export const COLLECTIONS = [
  'counties',
  'townships',
  'villages',
  'units',
  'representatives',
  'users',
  'invitations',
  'calendar',
  'counters',
  'cases',
  'outbox',
  'messages',
  'notices',
  'workrooms',
  'receptions',
  'audit',
  'limits',
  'exports',
  'imports',
  'cardcodes',
] as const;

export type CollectionName = (typeof COLLECTIONS)[number];

export const INDEXES: Partial<Record<CollectionName, string[]>> = {
  representatives: ['cardCode', 'countyId', 'villageIds', 'active'],
  units: ['countyId'],
  villages: ['countyId'],
  users: ['scopes', 'grants.representativeId'],
  calendar: ['countyId'],
  townships: ['countyId'],
  invitations: ['countyId', 'usedBy'],
  cases: [
    'resident.openid',
    'representativeId',
    'unitId',
    'coUnitIds',
    'townshipId',
    'countyId',
    'status',
    'dueAt',
    'updatedAt',
    'nextReminderAt',
    'heldAt',
    'receptionId',
    'closedAt',
    'photoChecks.traceId',
    'photoChecks.suggest',
  ],
  outbox: ['status', 'nextAttemptAt'],
  messages: ['to'],
  notices: ['villageIds', 'caseIds'],
  workrooms: ['countyId', 'representativeIds'],
  receptions: ['countyId', 'representativeIds', 'date'],
  audit: ['countyId', 'at'],
  exports: ['createdAt'],
  imports: ['countyId', 'status'],
  limits: ['last'],
};
