import { Navigate, Route, Routes } from 'react-router';
import { HOME_PATH } from './lib/redirect';
import { ApiKeysPage } from './routes/api-keys/api-keys-page';
import { GoodbyePage } from './routes/goodbye';
import { GuestOnly } from './routes/guest-only';
import { MailboxPage } from './routes/mailbox/mailbox-page';
import { NotFoundPage } from './routes/not-found';
import { NotificationsPage } from './routes/notifications/notifications-page';
import { PrivacyPage } from './routes/privacy/privacy-page';
import { ProfilePage } from './routes/profile/profile-page';
import { SecurityPage } from './routes/security/security-page';
import { SignInPage } from './routes/sign-in';
import { SignUpPage } from './routes/sign-up';
import { RequireSession } from './shell/require-session';

/**
 * Every signed-in screen is a child of RequireSession. New screens are a route here and an entry
 * in shell/navigation.ts; the admin area will be its own lazily loaded route tree.
 */
export function AppRoutes() {
  return (
    <Routes>
      <Route path="/sign-in" element={<GuestOnly><SignInPage /></GuestOnly>} />
      <Route path="/sign-up" element={<GuestOnly><SignUpPage /></GuestOnly>} />
      <Route path="/goodbye" element={<GoodbyePage />} />
      <Route element={<RequireSession />}>
        <Route index element={<Navigate to={HOME_PATH} replace />} />
        <Route path="/profile" element={<ProfilePage />} />
        <Route path="/security" element={<SecurityPage />} />
        <Route path="/notifications" element={<NotificationsPage />} />
        <Route path="/api-keys" element={<ApiKeysPage />} />
        <Route path="/privacy" element={<PrivacyPage />} />
        <Route path="/mailbox" element={<MailboxPage />} />
      </Route>
      <Route path="*" element={<NotFoundPage />} />
    </Routes>
  );
}
