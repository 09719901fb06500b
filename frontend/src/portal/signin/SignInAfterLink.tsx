import { Anchor } from '@mantine/core';
import { Link, useNavigate } from 'react-router';
import { LoginForm } from '../../shared/auth/LoginForm';
import { useSession } from '../../shared/auth/SessionProvider';
import { PORTAL_AREA } from '../portalArea';

/** The portal's sign-in form with a success note, shown once a password was chosen from an e-mailed link. */
export function SignInAfterLink({ notice }: { notice: string }) {
  const session = useSession();
  const navigate = useNavigate();
  return (
    <LoginForm
      areaLabel={PORTAL_AREA}
      notice={notice}
      onSignedIn={() => {
        session.restart();
        navigate('/', { replace: true });
      }}
      passwordHelp={
        <Anchor component={Link} to="/forgot-password">
          Forgot your password?
        </Anchor>
      }
    />
  );
}
