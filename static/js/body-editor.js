/*
 * The story body's rich-text editor in the admin (articles/editor.py).
 *
 * django-prose-editor's own presets import its editor through an import map,
 * an inline <script>; this module imports the same file by its static path, so
 * the admin page needs no inline script. The textarea carries the editor's
 * configuration (the extensions the server's allow-list matches) as JSON; without
 * JavaScript it stays a plain textarea and the server cleans what it receives.
 */
import * as editor from "../django_prose_editor/editor.js";

const marker = "data-django-prose-editor-newsroom";

function createEditor(textarea) {
  if (textarea.closest(".prose-editor")) return null;
  const config = JSON.parse(textarea.getAttribute(marker) || "{}");
  const extensions = [];
  for (const [name, options] of Object.entries(config.extensions || {})) {
    const extension = editor[name];
    if (!extension) continue;
    extensions.push(typeof options === "object" ? extension.configure(options) : extension);
  }
  const instance = editor.createTextareaEditor(textarea, extensions);
  textarea.dispatchEvent(
    new CustomEvent("prose-editor:ready", { detail: { editor: instance, textarea }, bubbles: true })
  );
  return instance;
}

editor.initializeEditors(createEditor, `[${marker}]`);
