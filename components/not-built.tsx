/** An honest placeholder for a SPEC §8 page that is not built yet: what it will show, and why. */
export function NotBuilt({ title, purpose, items, spec }: { title: string; purpose: string; items: string[]; spec: string }) {
  return (
    <>
      <div className="page-head">
        <h1>{title}</h1>
        <span className="tag">not built yet</span>
      </div>
      <section className="panel not-built">
        <div className="panel-body">
          <p>
            <strong>This page is not built yet.</strong> Nothing is computed for it, so it shows no numbers rather than
            made-up ones. It will answer: {purpose}
          </p>
          <p className="muted">When it is built it will show ({spec}):</p>
          <ul>
            {items.map((i) => (
              <li key={i}>{i}</li>
            ))}
          </ul>
        </div>
      </section>
    </>
  );
}
