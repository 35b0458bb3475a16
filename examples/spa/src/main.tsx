import { getSessionClient, logOutClient, type OnesSession } from '@ones.dev/common';
import '@ones.dev/common/widget';
import '@ones.dev/common/widget/react';
import { StrictMode, useEffect, useRef, useState } from 'react';
import { createRoot } from 'react-dom/client';

// The backend (e.g. examples/express, with the login kit in session mode) serves the routes on this
// origin. The page never sees a token: the kit keeps them in encrypted, httpOnly cookies.
const host = window.location.origin;

/** Who is logged in: the claims the backend validated, and a logout. */
function Account({ session, onLogOut }: { session: OnesSession; onLogOut: () => void }) {
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => heading.current?.focus(), []);
  return (
    <section>
      <h2 ref={heading} tabIndex={-1}>
        Logged in as {String(session.user.name ?? session.user.sub)}
      </h2>
      <dl id="claims">
        {Object.entries(session.user).map(([name, value]) => (
          <div key={name}>
            <dt>{name}</dt>
            <dd>{String(value)}</dd>
          </div>
        ))}
      </dl>
      <button type="button" onClick={() => void logOutClient(host).finally(onLogOut)}>
        Log out
      </button>
    </section>
  );
}

function Shop() {
  // undefined while the page asks whether this browser is logged in already (a reload keeps the cookie)
  const [session, setSession] = useState<OnesSession | null | undefined>(undefined);
  useEffect(() => {
    getSessionClient(host).then(setSession, () => setSession(null));
  }, []);
  if (session === undefined) return <p>Loading…</p>;
  if (session === null) {
    return (
      <ones-login
        onones-login={(event) => {
          if (event.detail.mode === 'session') setSession(event.detail);
        }}
      />
    );
  }
  return <Account session={session} onLogOut={() => setSession(null)} />;
}

createRoot(document.getElementById('root') as HTMLElement).render(
  <StrictMode>
    <main>
      <h1>Log in to Shop</h1>
      <Shop />
    </main>
  </StrictMode>,
);
