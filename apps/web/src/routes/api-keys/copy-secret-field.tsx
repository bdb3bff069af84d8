import { CopyField } from '../../components/copy-field';

export function CopySecretField({ secret }: { secret: string }) {
  // Focused on arrival: Enter copies straight away.
  return <CopyField label="API key" value={secret} autoFocus />;
}
