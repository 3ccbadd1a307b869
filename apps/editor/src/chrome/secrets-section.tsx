import { SECRET_NAMES, type SecretStatus } from '@adloom/host';
import { useCallback, useEffect, useState } from 'react';
import { useEditor, useView } from '../app/editor-context.tsx';

const BUILT_IN: readonly string[] = SECRET_NAMES;

/** A key entered here goes to the host and is never shown again: only whether it is set. */
function SecretRow({ status, pack, onSaved }: { status: SecretStatus; pack?: string; onSaved: () => void }) {
  const editor = useEditor();
  const [value, setValue] = useState('');
  const [busy, setBusy] = useState(false);
  const write = async (next: string) => {
    setBusy(true);
    try {
      await editor.host.setSecret(status.name, next);
      setValue('');
      onSaved();
    } catch (error) {
      editor.fail(`Could not store ${status.name}`, error);
    } finally {
      setBusy(false);
    }
  };
  return (
    <form
      className="secret-row"
      data-secret={status.name}
      onSubmit={(e) => {
        e.preventDefault();
        if (value) void write(value);
      }}
    >
      <span className="mono secret-name">{status.name}</span>
      <span className={`secret-status ${status.isSet ? 'set' : 'unset'}`}>{status.isSet ? 'set' : 'not set'}</span>
      <input
        type="password"
        className="field-input"
        autoComplete="new-password"
        aria-label={`${status.name}: ${status.isSet ? 'a new value to replace it' : 'its value'}`}
        placeholder={status.isSet ? 'Enter a new key to replace it' : 'Paste the key'}
        value={value}
        onChange={(e) => setValue(e.target.value)}
      />
      <button type="submit" className="button" disabled={busy || !value}>
        Store
      </button>
      {status.isSet ? (
        <button type="button" className="button" disabled={busy} onClick={() => void write('')}>
          Remove
        </button>
      ) : null}
      {status.description || pack ? (
        <p className="secret-about muted">
          {status.description}
          {pack ? (
            <span className="secret-pack">
              {status.description ? ' · ' : ''}asked for by the node pack <span className="mono">{pack}</span>
            </span>
          ) : null}
        </p>
      ) : null}
    </form>
  );
}

/**
 * [editor.S1] The secrets in the settings: the built-in providers' keys, then those the
 * installed node packs declare, each with what it is for and the pack that asks for it.
 * Write-only, like the built-in ones: the page learns whether a secret is set, never its value.
 */
export function SecretsSection() {
  const editor = useEditor();
  const packs = useView((s) => s.catalog?.packs);
  const [secrets, setSecrets] = useState<SecretStatus[]>([]);
  const load = useCallback(
    () => editor.host.listSecrets().then(setSecrets, () => setSecrets(SECRET_NAMES.map((name) => ({ name, isSet: false })))),
    [editor],
  );
  useEffect(() => {
    void load();
  }, [load]);
  const packOf = (name: string) => packs?.find((pack) => pack.secrets?.some((secret) => secret.name === name))?.name;
  const builtIn = secrets.filter((status) => BUILT_IN.includes(status.name));
  const declared = secrets.filter((status) => !BUILT_IN.includes(status.name));
  return (
    <>
      <section>
        <h3>API keys</h3>
        <p className="muted">Keys go to the host's secret store. They are never shown again and never written into a graph.</p>
        {builtIn.map((status) => (
          <SecretRow key={status.name} status={status} onSaved={() => void load()} />
        ))}
      </section>
      {declared.length ? (
        <section data-testid="pack-secrets">
          <h3>Node packs' secrets</h3>
          <p className="muted">
            The installed node packs ask for these. They are kept like the keys above and reach a run only as its environment.
          </p>
          {declared.map((status) => (
            <SecretRow key={status.name} status={status} pack={packOf(status.name)} onSaved={() => void load()} />
          ))}
        </section>
      ) : null}
    </>
  );
}
