import { DeleteAccountCard } from './delete-account-card';
import { ExportCard } from './export-card';

export function PrivacyPage() {
  return (
    <div className="grid gap-6">
      <header className="grid gap-1">
        <h1 className="text-2xl font-semibold tracking-tight">Data &amp; privacy</h1>
        <p className="text-sm text-muted-foreground">Take a copy of your data, or delete your account.</p>
      </header>
      <ExportCard />
      <DeleteAccountCard />
    </div>
  );
}
