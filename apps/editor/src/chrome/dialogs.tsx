import { useView } from '../app/editor-context.tsx';
import { Palette } from '../palette/palette.tsx';
import { ContactSheet } from './contact-sheet.tsx';
import { HelpSheet } from './help-sheet.tsx';
import { Lightbox } from './lightbox.tsx';
import { ExamplesDialog, OpenDialog } from './open-dialog.tsx';
import { ConflictDialog, RecoveryDialog, UnsavedDialog } from './recovery-dialog.tsx';
import { SaveAsDialog } from './save-as-dialog.tsx';
import { SettingsDialog } from './settings-dialog.tsx';
import { WireDialog } from './wire-dialog.tsx';

/** Whichever dialog is open. */
export function Dialogs() {
  const dialog = useView((s) => s.dialog);
  if (!dialog) return null;
  switch (dialog.kind) {
    case 'palette':
      return <Palette flow={dialog.flow} screen={dialog.screen} wire={dialog.wire} />;
    case 'open':
      return <OpenDialog />;
    case 'examples':
      return <ExamplesDialog />;
    case 'saveAs':
      return <SaveAsDialog />;
    case 'settings':
      return <SettingsDialog />;
    case 'help':
      return <HelpSheet />;
    case 'recovery':
      return <RecoveryDialog recoveryKey={dialog.key} savedAt={dialog.savedAt} text={dialog.text} path={dialog.path} />;
    case 'conflict':
      return <ConflictDialog path={dialog.path} />;
    case 'unsaved':
      return <UnsavedDialog next={dialog.next} />;
    case 'wire':
      return <WireDialog nodeId={dialog.nodeId} />;
    case 'contactSheet':
      return <ContactSheet />;
    case 'lightbox':
      return (
        <Lightbox
          url={dialog.url}
          mediaKind={dialog.mediaKind}
          caption={dialog.caption}
          isMissing={dialog.isMissing}
          items={dialog.items}
          index={dialog.index}
        />
      );
    default:
      return null;
  }
}
