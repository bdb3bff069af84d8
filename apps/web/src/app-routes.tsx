import { Navigate, Route, Routes } from 'react-router';
import { HOME_PATH } from './lib/redirect';
import { ApiKeysPage } from './routes/api-keys/api-keys-page';
import { GuestOnly } from './routes/guest-only';
import { NotFoundPage } from './routes/not-found';
import { ProfilePage } from './routes/profile/profile-page';
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
      <Route element={<RequireSession />}>
        <Route index element={<Navigate to={HOME_PATH} replace />} />
        <Route path="/profile" element={<ProfilePage />} />
        <Route path="/api-keys" element={<ApiKeysPage />} />
      </Route>
      <Route path="*" element={<NotFoundPage />} />
    </Routes>
  );
}
