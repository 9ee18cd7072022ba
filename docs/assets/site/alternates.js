// The hreflang alternates in <head> name the address the site was built for
// (hooks/seo.py, overrides/partials/alternates.html): that is what crawlers
// need. Material's language handling fetches a sitemap.xml beside every
// <link rel="alternate"> it finds; served from another address (a copy, a
// preview, a test server), those fetches leave the origin and the page's
// Content-Security-Policy (connect-src 'self') blocks each one, with an
// error in the console. This runs just before Material's bundle and takes
// out the alternates of another origin, which a reader of this copy has no
// use for; where the site is served at its own address, nothing changes.
// The language selector in the header links the same page relatively either way.
for (const link of document.querySelectorAll('link[rel="alternate"][hreflang]')) {
  if (new URL(link.href).origin !== location.origin) link.remove();
}
