/** Schema URNs and the shape of a list response (RFC 7643, RFC 7644). */
export const SCIM = {
  user: 'urn:ietf:params:scim:schemas:core:2.0:User',
  group: 'urn:ietf:params:scim:schemas:core:2.0:Group',
  enterprise: 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User',
  list: 'urn:ietf:params:scim:api:messages:2.0:ListResponse',
  patch: 'urn:ietf:params:scim:api:messages:2.0:PatchOp',
} as const;

export interface Paging {
  startIndex: number;
  count: number;
}

export const MAX_PAGE = 200;

/** startIndex is 1-based (below 1 means 1); count defaults to 100, at most MAX_PAGE, 0 = totals only. */
export function paging(query: { startIndex?: unknown; count?: unknown }): Paging {
  const text = (value: unknown, fallback: string) => (typeof value === 'string' ? value : fallback);
  const start = Number.parseInt(text(query.startIndex, '1'), 10);
  const count = Number.parseInt(text(query.count, '100'), 10);
  return {
    startIndex: Number.isFinite(start) && start > 0 ? start : 1,
    count: Number.isFinite(count) ? Math.min(Math.max(count, 0), MAX_PAGE) : 100,
  };
}

export function listResponse<T>(resources: T[], total: number, page: Paging) {
  return {
    schemas: [SCIM.list],
    totalResults: total,
    startIndex: page.startIndex,
    itemsPerPage: resources.length,
    Resources: resources,
  };
}

const stamp = (value: Date | number | string): string => (value instanceof Date ? value : new Date(value)).toISOString();

export function meta(resourceType: 'User' | 'Group', location: string, created: Date | number | string, modified: Date | number | string) {
  return { resourceType, created: stamp(created), lastModified: stamp(modified), location };
}
