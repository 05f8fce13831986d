/** A phone losing its signal, in a browser test. */
import type { BrowserContext } from 'playwright-core';

/**
 * The phone's network for one context. The app's own files stay on the phone when the network goes
 * (as the mini-program's package does: only h5 fetches them), so they are answered from what was
 * fetched before; everything else fails as it would without a signal. The browser is told too
 * (navigator.onLine, the `offline` and `online` events).
 */
export async function network(context: BrowserContext) {
  const onPhone = new Map<string, { status: number; headers: Record<string, string>; body: Buffer }>();
  let down = false;
  await context.route('**/*', async (route) => {
    const req = route.request();
    const appFile = req.method() === 'GET' && !new URL(req.url()).pathname.startsWith('/api/');
    if (down) {
      const kept = appFile ? onPhone.get(req.url()) : undefined;
      return kept ? route.fulfill(kept) : route.abort('internetdisconnected');
    }
    if (!appFile) return route.fallback();
    const res = await route.fetch();
    const kept = { status: res.status(), headers: res.headers(), body: await res.body() };
    onPhone.set(req.url(), kept);
    return route.fulfill(kept);
  });
  return {
    async set(off: boolean) {
      down = off;
      // pages opened while offline are told only of a change: back on, then off, tells them all
      if (off) await context.setOffline(false);
      await context.setOffline(off);
    },
  };
}
