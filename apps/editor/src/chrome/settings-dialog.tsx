import type { Settings } from '@adloom/host';
import { useEffect, useState } from 'react';
import { useEditor } from '../app/editor-context.tsx';
import { rememberAppliesAtOnce } from '../assistant/assistant-store.ts';
import { Modal } from './modal.tsx';
import { SecretsSection } from './secrets-section.tsx';

type ProviderKey = keyof Settings['providers'];
type AssistantSettings = NonNullable<Settings['assistant']>;

const PROVIDERS: { key: ProviderKey; label: string; hasModel: boolean; placeholder: string }[] = [
  { key: 'openai', label: 'OpenAI', hasModel: true, placeholder: 'https://api.openai.com/v1' },
  {
    key: 'compatible',
    label: 'OpenAI-compatible server (Ollama, vLLM, LM Studio, llama.cpp)',
    hasModel: true,
    placeholder: 'http://localhost:11434/v1',
  },
  { key: 'comfyui', label: 'ComfyUI', hasModel: false, placeholder: 'http://127.0.0.1:8188' },
  { key: 'automatic1111', label: 'Automatic1111 / Forge', hasModel: false, placeholder: 'http://127.0.0.1:7860' },
];

export function SettingsDialog() {
  const editor = useEditor();
  const [settings, setSettings] = useState<Settings | null>(null);
  const [busy, setBusy] = useState(false);
  const [appliesAtOnce, setAppliesAtOnce] = useState(() => editor.assistant.store.getState().appliesAtOnce);
  useEffect(() => {
    editor.host.getSettings().then(setSettings, (error) => editor.fail('Could not read the settings', error));
  }, [editor]);

  const setProvider = (key: ProviderKey, field: 'baseUrl' | 'defaultModel', value: string) => {
    if (!settings) return;
    const current = { ...(settings.providers[key] ?? {}) } as Record<string, string | undefined>;
    if (value) current[field] = value;
    else delete current[field];
    setSettings({ ...settings, providers: { ...settings.providers, [key]: current } });
  };

  const setAssistant = (change: Partial<AssistantSettings>) => {
    if (!settings) return;
    setSettings({ ...settings, assistant: { provider: 'offline', ...settings.assistant, ...change } });
  };

  const save = async () => {
    if (!settings) return;
    setBusy(true);
    try {
      const readFolders = (settings.readFolders ?? []).map((line) => line.trim()).filter(Boolean);
      editor.settings = await editor.host.saveSettings({ ...settings, readFolders });
      rememberAppliesAtOnce(editor.assistant.store, appliesAtOnce);
      editor.view.getState().closeDialog();
      editor.toast('Settings saved', 'success');
    } catch (error) {
      editor.fail('Could not save the settings', error);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Modal
      title="Settings"
      wide
      testId="settings-dialog"
      footer={
        <>
          <button type="button" className="button" onClick={() => editor.view.getState().closeDialog()}>
            Cancel
          </button>
          <button type="button" className="button primary" disabled={!settings || busy} onClick={() => void save()}>
            Save
          </button>
        </>
      }
    >
      {!settings ? (
        <div className="muted">Loading…</div>
      ) : (
        <>
          <section className="settings-grid">
            <label className="field-label" htmlFor="default-text">
              Default text provider
            </label>
            <select
              id="default-text"
              className="field-input"
              value={settings.defaultTextProvider}
              onChange={(e) =>
                setSettings({ ...settings, defaultTextProvider: e.target.value as Settings['defaultTextProvider'] })
              }
            >
              <option value="offline">Offline (no model, no network)</option>
              <option value="openai">OpenAI</option>
              <option value="compatible">OpenAI-compatible server</option>
            </select>
            <label className="field-label" htmlFor="default-image">
              Default image provider
            </label>
            <select
              id="default-image"
              className="field-input"
              value={settings.defaultImageProvider}
              onChange={(e) =>
                setSettings({ ...settings, defaultImageProvider: e.target.value as Settings['defaultImageProvider'] })
              }
            >
              <option value="offline">Offline (drafts, no network)</option>
              <option value="openai">OpenAI images</option>
              <option value="comfyui">ComfyUI</option>
              <option value="automatic1111">Automatic1111 / Forge</option>
            </select>
          </section>
          {PROVIDERS.map((provider) => {
            const values = (settings.providers[provider.key] ?? {}) as { baseUrl?: string; defaultModel?: string };
            return (
              <section key={provider.key} className="settings-provider">
                <h3>{provider.label}</h3>
                <div className="settings-grid">
                  <label className="field-label" htmlFor={`${provider.key}-url`}>
                    Base URL
                  </label>
                  <input
                    id={`${provider.key}-url`}
                    className="field-input mono"
                    placeholder={provider.placeholder}
                    value={values.baseUrl ?? ''}
                    onChange={(e) => setProvider(provider.key, 'baseUrl', e.target.value)}
                  />
                  {provider.hasModel ? (
                    <>
                      <label className="field-label" htmlFor={`${provider.key}-model`}>
                        Default model
                      </label>
                      <input
                        id={`${provider.key}-model`}
                        className="field-input mono"
                        placeholder="gpt-4o-mini"
                        value={values.defaultModel ?? ''}
                        onChange={(e) => setProvider(provider.key, 'defaultModel', e.target.value)}
                      />
                    </>
                  ) : null}
                </div>
              </section>
            );
          })}
          <section>
            <h3>Assistant</h3>
            <div className="settings-grid">
              <label className="field-label" htmlFor="assistant-provider">
                Who answers
              </label>
              <select
                id="assistant-provider"
                className="field-input"
                value={settings.assistant?.provider ?? 'offline'}
                onChange={(e) => setAssistant({ provider: e.target.value as AssistantSettings['provider'] })}
              >
                <option value="offline">Offline assistant (no model, no network)</option>
                <option value="openai">OpenAI</option>
                <option value="compatible">OpenAI-compatible server</option>
              </select>
              {settings.assistant?.provider && settings.assistant.provider !== 'offline' ? (
                <>
                  <label className="field-label" htmlFor="assistant-model">
                    Model
                  </label>
                  <input
                    id="assistant-model"
                    className="field-input mono"
                    placeholder={settings.providers[settings.assistant.provider]?.defaultModel || 'gpt-4.1-mini'}
                    value={settings.assistant.model ?? ''}
                    onChange={(e) => setAssistant({ model: e.target.value || undefined })}
                  />
                </>
              ) : null}
            </div>
            <label className="settings-check">
              <input type="checkbox" checked={appliesAtOnce} onChange={(e) => setAppliesAtOnce(e.target.checked)} />
              Apply the assistant's proposals at once, without Apply (each is still one undo step)
            </label>
          </section>
          <section>
            <h3>Folders runs may read</h3>
            <p className="muted">
              Runs read files inside the workspace. Add other folders (a shared brand-assets drive) as absolute paths, one a line.
            </p>
            <textarea
              aria-label="Folders runs may read, one absolute path a line"
              className="field-input mono"
              rows={3}
              placeholder="/Volumes/Brand/logos"
              value={(settings.readFolders ?? []).join('\n')}
              onChange={(e) => setSettings({ ...settings, readFolders: e.target.value.split('\n') })}
            />
          </section>
          <SecretsSection />
        </>
      )}
    </Modal>
  );
}
