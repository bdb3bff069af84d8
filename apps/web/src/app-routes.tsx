import { Navigate, Route, Routes } from 'react-router';
import { HOME_PATH } from './lib/redirect';
import { AdminArea } from './routes/admin/admin-area';
import { AgentsPage } from './routes/agents/agents-page';
import { ApiKeysPage } from './routes/api-keys/api-keys-page';
import { GoodbyePage } from './routes/goodbye';
import { GuestOnly } from './routes/guest-only';
import { InvitePage } from './routes/invite/invite-page';
import { MailboxPage } from './routes/mailbox/mailbox-page';
import { NotFoundPage } from './routes/not-found';
import { NotificationsPage } from './routes/notifications/notifications-page';
import { PrivacyPage } from './routes/privacy/privacy-page';
import { ProfilePage } from './routes/profile/profile-page';
import { SecurityPage } from './routes/security/security-page';
import { SignInPage } from './routes/sign-in';
import { SignUpPage } from './routes/sign-up';
import { RequireSession } from './shell/require-session';
import { CancelEmailChangePage } from './routes/account-links/cancel-email-change-page';
import { ConfirmEmailPage } from './routes/account-links/confirm-email-page';
import { ResetPasswordPage } from './routes/account-links/reset-password-page';
import { VerifyEmailPage } from './routes/account-links/verify-email-page';
import { ForgotPasswordPage } from './routes/forgot-password';
import { SecurityLogPage } from './routes/security-log/security-log-page';

/**
 * Every signed-in screen is a child of RequireSession. New screens are a route here and an entry
 * in shell/navigation.ts; the admin area is its own lazily loaded route tree (routes/admin).
 */
export function AppRoutes() {
  return (
    <Routes>
      <Route path="/sign-in" element={<GuestOnly><SignInPage /></GuestOnly>} />
      <Route path="/sign-up" element={<GuestOnly><SignUpPage /></GuestOnly>} />
      <Route path="/goodbye" element={<GoodbyePage />} />
      {/* Public even when signed in: the link is for the invitee, whoever is using this browser. */}
      <Route path="/invite/:token" element={<InvitePage />} />
      <Route path="/forgot-password" element={<GuestOnly><ForgotPasswordPage /></GuestOnly>} />
      {/* Mailed links: public, since they may open in a browser that is signed in as nobody (or someone else). */}
      <Route path="/verify-email/:token" element={<VerifyEmailPage />} />
      <Route path="/reset-password/:token" element={<ResetPasswordPage />} />
      <Route path="/confirm-email/:token" element={<ConfirmEmailPage />} />
      <Route path="/cancel-email-change/:token" element={<CancelEmailChangePage />} />
      <Route element={<RequireSession />}>
        <Route index element={<Navigate to={HOME_PATH} replace />} />
        <Route path="/profile" element={<ProfilePage />} />
        <Route path="/security" element={<SecurityPage />} />
        <Route path="/security-log" element={<SecurityLogPage />} />
        <Route path="/notifications" element={<NotificationsPage />} />
        <Route path="/api-keys" element={<ApiKeysPage />} />
        <Route path="/privacy" element={<PrivacyPage />} />
        <Route path="/mailbox" element={<MailboxPage />} />
        <Route path="/agents" element={<AgentsPage />} />
        <Route path="/admin/*" element={<AdminArea />} />
      </Route>
      <Route path="*" element={<NotFoundPage />} />
    </Routes>
  );
}
