import { Badge } from '@gatehouse/ui/badge';

/** An API key's scopes as badges, in a list named after the key (the owner's page and the admin's). */
export function ScopeList({ keyName, scopes }: { keyName: string; scopes: readonly string[] }) {
  return (
    <ul aria-label={`Scopes of ${keyName}`} className="flex flex-wrap gap-1.5">
      {scopes.map((scope) => (
        <li key={scope}>
          <Badge variant="secondary" className="font-mono">
            {scope}
          </Badge>
        </li>
      ))}
    </ul>
  );
}
