/*
 * Jobbcoach chat widget: modern JavaScript (classes, async/await), no dependencies, no CDN, no build.
 *
 * Embed with one script tag, configured by an optional object defined before it:
 *
 *   <script>window.JobbcoachConfig = { startOpen: true };</script>
 *   <script src="https://jobbcoach.example/widget/jobbcoach-widget.js" defer></script>
 *
 * Options: apiBase (default: the origin the script came from), container (CSS selector: render
 * inline there instead of as a floating panel), startOpen, title, storageKey, language (the
 * interface language before the jobseeker picks one: sv, en, ar, so, uk, fa).
 *
 * Talks to the web app's /api/chat (which forwards to Rasa's REST channel) and identifies the
 * jobseeker by a random 128-bit id kept in localStorage, so the conversation survives reloads. The id
 * is a capability: it travels in a request body or the X-Jobbcoach-Sender header, never in a URL.
 * Messages the bot sends on its own (a reminder, new ads) arrive over a server-sent-event stream read
 * with fetch (EventSource cannot send headers) and are acknowledged by id once shown.
 *
 * A CV file (the paper-clip button, or dropped on the chat) goes as the raw body of POST /api/chat/cv;
 * the web app reads it, keeps only the profile, and the bot's summary ("stämmer det här?") arrives
 * over the stream. Only the first MAX_FILE_BYTES + 1 bytes are sent: a larger file is answered as
 * too large without uploading all of it.
 *
 * Safety: every piece of user or bot text reaches the page through textContent or createTextNode,
 * never innerHTML; links are made only from http(s) URLs.
 */
(() => {
  "use strict";

  const script = document.currentScript;
  const scriptUrl = script?.src ? new URL(script.src, document.baseURI) : null;

  const DEFAULTS = {
    apiBase: scriptUrl ? scriptUrl.origin : window.location.origin,
    container: null,
    startOpen: false,
    title: "Jobbcoach",
    storageKey: "jobbcoach.sender",
    language: "sv",
  };

  /** The interface languages; each has web/widget/i18n/<code>.json with every UI string. */
  const LANGUAGES = [
    { code: "sv", name: "Svenska", dir: "ltr" },
    { code: "en", name: "English", dir: "ltr" },
    { code: "ar", name: "العربية", dir: "rtl" },
    { code: "so", name: "Soomaali", dir: "ltr" },
    { code: "uk", name: "Українська", dir: "ltr" },
    { code: "fa", name: "فارسی", dir: "rtl" },
  ];
  const DEFAULT_LANGUAGE = "sv";

  const MAX_CHARS = 20000;  // as the Rasa REST channel's guard: a CV of several pages fits
  const REQUEST_TIMEOUT_MS = 65000;
  const RETRY_DELAYS_MS = [1000, 2000, 4000, 8000, 15000, 30000];
  const SENDER_HEADER = "X-Jobbcoach-Sender";
  const LANGUAGE_SETTLE_MS = 800;  // a choice stands once the arrow keys have rested this long
  const SAVE_JOB = /^\/save_job\{"ad_number":\s*(\d+)\}$/;
  const MAX_FILE_BYTES = 5 * 1024 * 1024;  // as jobmatch.cv_files.MAX_FILE_BYTES
  const CV_FILE_TYPES = ".pdf,.docx,.odt,.txt,.json,application/pdf,text/plain,application/json,"
    + "application/vnd.openxmlformats-officedocument.wordprocessingml.document,application/vnd.oasis.opendocument.text";
  const FILENAME_HEADER = "X-Jobbcoach-Filename";
  // The open formats a saved profile can be downloaded in (GET /api/profile/export), by their own names.
  const EXPORT_NAMES = { json_resume: "JSON Resume", europass: "Europass", jobbcoach: "Jobbcoach JSON" };

  const config = { ...DEFAULTS, ...(window.JobbcoachConfig || {}) };
  const apiBase = String(config.apiBase || "").replace(/\/+$/, "");
  const assetBase = scriptUrl ? new URL(".", scriptUrl).href : `${apiBase}/widget/`;

  // ---------------------------------------------------------------- storage and identity

  /** localStorage when the browser allows it, else memory for this page's life. */
  class Storage {
    #memory = new Map();

    get(key) {
      try { return window.localStorage.getItem(key); } catch { return this.#memory.get(key) ?? null; }
    }

    set(key, value) {
      try { window.localStorage.setItem(key, value); } catch { this.#memory.set(key, value); }
    }
  }

  const storage = new Storage();
  const keys = {
    sender: config.storageKey,
    started: `${config.storageKey}.started`,
    language: `${config.storageKey}.language`,
  };

  /** The jobseeker's random 128-bit id; whoever holds it can read this conversation's history. */
  function senderId() {
    let id = storage.get(keys.sender);
    if (id && /^[0-9a-f]{32}$/.test(id)) return id;
    const bytes = window.crypto.getRandomValues(new Uint8Array(16));
    id = Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
    storage.set(keys.sender, id);
    return id;
  }

  // ---------------------------------------------------------------- interface strings

  const strings = new Map();  // language code -> {key: text}

  async function loadStrings(code) {
    if (strings.has(code)) return strings.get(code);
    const response = await fetch(`${assetBase}i18n/${code}.json`, { credentials: "omit" });
    if (!response.ok) throw new Error(`no strings for ${code}`);
    const table = await response.json();
    strings.set(code, table);
    return table;
  }

  function languageOf(code) {
    return LANGUAGES.find((language) => language.code === code) || LANGUAGES[0];
  }

  // ---------------------------------------------------------------- API

  /** A failed call, by what the widget should do about it: "unreachable" (safe to resend), "timeout", "rejected". */
  class ChatError extends Error {
    constructor(kind) {
      super(kind);
      this.kind = kind;
    }
  }

  class ChatApi {
    constructor(base) {
      this.base = base;
    }

    async call(method, path, body) {
      const controller = new AbortController();
      const timer = setTimeout(() => controller.abort(), REQUEST_TIMEOUT_MS);
      const headers = { [SENDER_HEADER]: senderId() };
      if (body) headers["Content-Type"] = "application/json";
      let response;
      try {
        response = await fetch(this.base + path, {
          method, headers, body: body ? JSON.stringify(body) : undefined,
          signal: controller.signal, credentials: "omit", cache: "no-store",
        });
      } catch (error) {
        // Aborted: the request was sent but no answer came. Otherwise the web app was not reached.
        throw new ChatError(error?.name === "AbortError" ? "timeout" : "unreachable");
      } finally {
        clearTimeout(timer);
      }
      // 503: the bot was not reached, nothing delivered. 502/504: it may have been, so no blind resend.
      if (response.status === 503) throw new ChatError("unreachable");
      if (response.status === 502 || response.status === 504) throw new ChatError("timeout");
      if (!response.ok) throw new ChatError("rejected");
      return response.json();
    }

    send(text) { return this.call("POST", "/api/chat/messages", { sender: senderId(), text }); }

    history() { return this.call("GET", "/api/chat/history"); }

    acknowledge(ids) { return this.call("POST", "/api/chat/stream/ack", { ids }); }

    /** A CV file as the raw body (never a form: nothing is spooled to disk on the server). */
    async upload(file) {
      const controller = new AbortController();
      const timer = setTimeout(() => controller.abort(), REQUEST_TIMEOUT_MS);
      let response;
      try {
        response = await fetch(`${this.base}/api/chat/cv`, {
          method: "POST", body: file.slice(0, MAX_FILE_BYTES + 1), signal: controller.signal,
          credentials: "omit", cache: "no-store",
          headers: { [SENDER_HEADER]: senderId(), [FILENAME_HEADER]: encodeURIComponent(file.name || "cv"),
                     "Content-Type": file.type || "application/octet-stream" },
        });
      } catch (error) {
        throw new ChatError(error?.name === "AbortError" ? "timeout" : "unreachable");
      } finally {
        clearTimeout(timer);
      }
      if (response.status === 503) throw new ChatError("unreachable");
      if (!response.ok) throw new ChatError(response.status === 502 || response.status === 504 ? "timeout" : "rejected");
      return response.json();
    }

    /** The saved profile in an open format, as a file the browser saves. */
    async exportProfile(format) {
      const response = await fetch(`${this.base}/api/profile/export?format=${encodeURIComponent(format)}`, {
        headers: { [SENDER_HEADER]: senderId() }, credentials: "omit", cache: "no-store",
      });
      if (!response.ok) throw new ChatError(response.status === 503 ? "unreachable" : "rejected");
      return response.blob();
    }
  }

  /**
   * The server-sent-event stream of pushed messages, read with fetch so the sender id goes in a
   * header. Reconnects with backoff; every message is handed over with its outbox id.
   */
  class PushStream {
    constructor(base, onPush, onState) {
      this.url = `${base}/api/chat/stream`;
      this.onPush = onPush;
      this.onState = onState;
      this.attempt = 0;
      this.controller = null;
    }

    start() {
      if (this.controller) return;
      this.controller = new AbortController();
      this.run(this.controller.signal);
    }

    /** Reconnect at once (the browser came back online). */
    restart() {
      this.controller?.abort();
      this.controller = null;
      this.attempt = 0;
      this.start();
    }

    async run(signal) {
      while (!signal.aborted) {
        this.onState("connecting");
        try {
          const response = await fetch(this.url, {
            headers: { [SENDER_HEADER]: senderId(), Accept: "text/event-stream" },
            credentials: "omit", cache: "no-store", signal,
          });
          if (!response.ok || !response.body) throw new Error(`stream answered ${response.status}`);
          await this.read(response.body, signal);
        } catch (error) {
          if (signal.aborted) return;
        }
        this.onState("closed");
        const delay = RETRY_DELAYS_MS[Math.min(this.attempt, RETRY_DELAYS_MS.length - 1)];
        this.attempt += 1;
        await new Promise((resolve) => setTimeout(resolve, delay));
      }
    }

    async read(body, signal) {
      const reader = body.pipeThrough(new TextDecoderStream()).getReader();
      let buffer = "";
      while (!signal.aborted) {
        const { value, done } = await reader.read();
        if (done) return;
        buffer += value.replace(/\r\n?/g, "\n");
        let end;
        while ((end = buffer.indexOf("\n\n")) >= 0) {
          this.dispatch(buffer.slice(0, end));
          buffer = buffer.slice(end + 2);
        }
      }
    }

    /** One SSE frame: `event:`, `id:` and `data:` lines; comment lines (pings) start with ':'. */
    dispatch(frame) {
      const fields = { event: "message", id: null, data: [] };
      for (const line of frame.split("\n")) {
        if (!line || line.startsWith(":")) continue;
        const colon = line.indexOf(":");
        const name = colon < 0 ? line : line.slice(0, colon);
        const value = colon < 0 ? "" : line.slice(colon + 1).replace(/^ /, "");
        if (name === "data") fields.data.push(value);
        else if (name === "event") fields.event = value;
        else if (name === "id") fields.id = value;
      }
      if (fields.event === "ready") {
        this.attempt = 0;
        this.onState("open");
      } else if (fields.event === "push" && fields.id) {
        try {
          this.onPush(Number(fields.id), JSON.parse(fields.data.join("\n")));
        } catch (error) {
          console.error("Jobbcoach: could not read a pushed message", error);
        }
      }
    }
  }

  const api = new ChatApi(apiBase);

  // ---------------------------------------------------------------- DOM helpers (text only)

  function el(tag, attrs = {}, children = []) {
    const node = document.createElement(tag);
    for (const [name, value] of Object.entries(attrs)) {
      if (value === null || value === undefined || value === false) continue;
      if (name === "text") node.textContent = value;
      else if (name === "className") node.className = value;
      else node.setAttribute(name, value === true ? "" : value);
    }
    for (const child of children) if (child) node.append(child);
    return node;
  }

  function safeHttpUrl(candidate) {
    try {
      const url = new URL(candidate);
      return url.protocol === "http:" || url.protocol === "https:" ? url.href : null;
    } catch {
      return null;
    }
  }

  // [label](https://…) or a bare http(s) URL; trailing punctuation stays outside the link.
  const LINK_PATTERN = /\[([^\]\n]{1,200})\]\((https?:\/\/[^\s)]+)\)|(https?:\/\/[^\s<>"']+)/gi;

  let uniqueCounter = 0;
  const uniqueId = (prefix) => `${prefix}-${Date.now().toString(36)}-${(uniqueCounter += 1)}`;

  // ---------------------------------------------------------------- the widget

  class Widget {
    constructor(root, language) {
      this.root = root;
      this.language = language;
      this.toldLanguage = language.code;
      this.languageTimer = null;
      this.queue = [];          // texts waiting to be sent, in order
      this.sending = false;
      this.historyPending = false;
      this.retryIndex = 0;
      this.retryTimer = null;
      this.translated = [];     // [node, key, attribute] pairs, redone when the language changes
      this.shownPushes = new Set();
      this.floating = !config.container;
      this.build();
      this.applyLanguage();
      this.stream = new PushStream(apiBase, (id, message) => this.showPushed(id, message),
                                   (state) => this.root.setAttribute("data-stream", state));
    }

    // ------------------------------------------------------------ strings

    t(key, values = {}) {
      const table = strings.get(this.language.code) || strings.get(DEFAULT_LANGUAGE) || {};
      const template = table[key] ?? strings.get(DEFAULT_LANGUAGE)?.[key] ?? key;
      return template.replace(/\{(\w+)\}/g, (match, name) => (name in values ? String(values[name]) : match));
    }

    /** Set a node's text (or an attribute) from a string key, and redo it when the language changes. */
    label(node, key, attribute = "text") {
      this.translated.push([node, key, attribute]);
      this.applyLabel(node, key, attribute);
      return node;
    }

    applyLabel(node, key, attribute) {
      if (attribute === "text") node.textContent = this.t(key);
      else node.setAttribute(attribute, this.t(key));
    }

    applyLanguage() {
      for (const [node, key, attribute] of this.translated) this.applyLabel(node, key, attribute);
      this.panel.setAttribute("lang", this.language.code);
      this.panel.setAttribute("dir", this.language.dir);
      this.languageSelect.value = this.language.code;
      if (this.launcher) this.launcher.setAttribute("lang", this.language.code);
    }

    /** The jobseeker picked a language: the interface follows, the bot is told, the choice is kept. */
    async chooseLanguage(code) {
      const language = languageOf(code);
      // Arrow keys fire a choice per language passed; their strings may load out of order on a slow
      // line, and only the latest choice may win (an earlier one finishing last chose English for an
      // Arabic speaker).
      const choice = (this.languageChoice = (this.languageChoice || 0) + 1);
      try {
        await loadStrings(language.code);
      } catch {
        if (choice === this.languageChoice) this.languageSelect.value = this.language.code;
        return;
      }
      if (choice !== this.languageChoice) return;
      this.language = language;
      storage.set(keys.language, language.code);
      this.applyLanguage();
      // Arrow keys walk through the menu one language at a time: tell the bot where they stop.
      clearTimeout(this.languageTimer);
      this.languageTimer = setTimeout(() => {
        if (this.toldLanguage === language.code) return;
        this.toldLanguage = language.code;
        this.submit(`/set_language{"language":"${language.code}"}`, null);
      }, LANGUAGE_SETTLE_MS);
    }

    // ------------------------------------------------------------ building

    build() {
      const panelId = uniqueId("jc-panel");
      this.panel = el("section", { className: "jc-panel", id: panelId, role: "region" });
      this.label(this.panel, "region", "aria-label");

      const title = el("h2", { className: "jc-title", text: config.title });
      const subtitle = this.label(el("p", { className: "jc-subtitle" }), "subtitle");
      const selectId = `${panelId}-language`;
      this.languageSelect = el("select", { className: "jc-language", id: selectId });
      for (const language of LANGUAGES) {
        this.languageSelect.append(el("option", { value: language.code, lang: language.code, text: language.name }));
      }
      this.languageSelect.addEventListener("change", () => this.chooseLanguage(this.languageSelect.value));
      const languageLabel = this.label(el("label", { className: "jc-sr-only", for: selectId }), "language");
      const header = el("header", { className: "jc-header" }, [
        el("div", { className: "jc-heading" }, [title, subtitle]),
        el("div", { className: "jc-language-box" }, [languageLabel, this.languageSelect]),
      ]);
      if (this.floating) {
        this.closeButton = el("button", { type: "button", className: "jc-close", text: "×" });
        this.label(this.closeButton, "close", "aria-label");
        this.label(this.closeButton, "close", "title");
        this.closeButton.addEventListener("click", () => { this.setOpen(false); this.launcher.focus(); });
        header.append(this.closeButton);
      }

      this.log = el("div", { className: "jc-log", role: "log", "aria-live": "polite", "aria-relevant": "additions",
                             tabindex: "0" });
      this.label(this.log, "log", "aria-label");
      this.welcome = this.label(el("p", { className: "jc-welcome", dir: "auto" }), "welcome");
      this.log.append(this.welcome);

      this.typing = el("div", { className: "jc-typing", role: "status", "aria-live": "polite" });
      this.alert = el("div", { className: "jc-alert", role: "alert", hidden: true });

      // A textarea, not an input: a pasted CV keeps its line breaks. Enter sends, Shift+Enter adds a line.
      const inputId = `${panelId}-input`;
      this.input = el("textarea", { id: inputId, className: "jc-input", rows: "1", maxlength: String(MAX_CHARS),
                                    autocomplete: "off", enterkeyhint: "send", dir: "auto",
                                    "aria-describedby": `${inputId}-hint` });
      this.label(this.input, "placeholder", "placeholder");
      this.sendButton = this.label(el("button", { type: "submit", className: "jc-send" }), "send");
      // The file picker is opened by a real button (keyboard and screen readers reach it); the input stays hidden.
      this.fileInput = el("input", { type: "file", className: "jc-file", accept: CV_FILE_TYPES, hidden: true,
                                     tabindex: "-1" });
      this.attachButton = el("button", { type: "button", className: "jc-attach" }, [
        el("span", { "aria-hidden": "true", text: "\u{1F4CE}" }),
      ]);
      this.label(this.attachButton, "attach", "aria-label");
      this.label(this.attachButton, "attach", "title");
      this.attachButton.addEventListener("click", () => this.fileInput.click());
      this.fileInput.addEventListener("change", () => {
        const [file] = this.fileInput.files;
        this.fileInput.value = "";
        if (file) this.sendFile(file);
      });
      this.form = el("form", { className: "jc-form" }, [
        this.label(el("label", { className: "jc-sr-only", for: inputId }), "inputLabel"),
        this.label(el("span", { className: "jc-sr-only", id: `${inputId}-hint` }), "inputHint"),
        this.attachButton, this.fileInput, this.input, this.sendButton,
      ]);
      this.form.addEventListener("submit", (event) => {
        event.preventDefault();
        const text = this.input.value.trim();
        if (!text) { this.input.focus(); return; }
        this.input.value = "";
        this.fitInput();
        this.submit(text, text);
      });
      this.input.addEventListener("keydown", (event) => {
        if (event.key === "Enter" && !event.shiftKey && !event.isComposing) {
          event.preventDefault();
          this.form.requestSubmit();
        }
      });
      this.input.addEventListener("input", () => this.fitInput());

      this.dropHint = this.label(el("div", { className: "jc-drop-hint", "aria-hidden": "true" }), "dropHere");
      this.panel.append(header, this.log, this.typing, this.alert, this.form, this.dropHint);
      this.acceptDrops();

      if (this.floating) {
        this.root.classList.add("jc-floating");
        this.launcher = el("button", { type: "button", className: "jc-launcher", "aria-controls": panelId,
                                       "aria-expanded": "false" });
        this.launcher.append(this.label(el("span"), "open"),
                             this.label(el("span", { className: "jc-unread-mark" }), "unread"));
        this.launcher.addEventListener("click", () => { this.setOpen(true); this.input.focus(); });
        this.panel.addEventListener("keydown", (event) => {
          if (event.key === "Escape") { this.setOpen(false); this.launcher.focus(); }
        });
        this.root.append(this.launcher);
        this.setOpen(Boolean(config.startOpen));
      } else {
        this.root.classList.add("jc-inline");
      }
      this.root.append(this.panel);

      window.addEventListener("online", () => { this.retrySoon(0); this.stream.restart(); });
    }

    /** A file dragged onto the chat is sent as a CV; the panel says so while it hovers. */
    acceptDrops() {
      let depth = 0;  // dragenter/dragleave fire for every child passed over
      const carriesFiles = (event) => Array.from(event.dataTransfer?.types || []).includes("Files");
      this.panel.addEventListener("dragenter", (event) => {
        if (!carriesFiles(event)) return;
        event.preventDefault();
        depth += 1;
        this.panel.classList.add("jc-dropping");
      });
      this.panel.addEventListener("dragover", (event) => {
        if (!carriesFiles(event)) return;
        event.preventDefault();
        event.dataTransfer.dropEffect = "copy";
      });
      this.panel.addEventListener("dragleave", () => {
        depth = Math.max(0, depth - 1);
        if (!depth) this.panel.classList.remove("jc-dropping");
      });
      this.panel.addEventListener("drop", (event) => {
        if (!carriesFiles(event)) return;
        event.preventDefault();
        depth = 0;
        this.panel.classList.remove("jc-dropping");
        const [file] = event.dataTransfer.files;
        if (file) this.sendFile(file);
      });
    }

    /** Hand a CV file over: shown as sent, uploaded, and the bot answers over the stream. */
    async sendFile(file) {
      const bubble = this.addUserMessage(this.t("fileSent", { name: file.name || "cv" }));
      bubble.classList.add("jc-pending", "jc-file-message");
      storage.set(keys.started, "1");
      this.stream.start();
      this.setState("busy");
      this.setTyping(true);
      try {
        await api.upload(file);
        bubble.classList.remove("jc-pending");
        if (!this.alert.hidden) this.clearAlert();
      } catch (error) {
        bubble.classList.remove("jc-pending");
        bubble.classList.add("jc-failed");
        const kind = error instanceof ChatError ? error.kind : "unreachable";
        const problem = kind === "unreachable" ? this.t("unreachable") : kind === "timeout" ? this.t("timeout") : this.t("fileRejected");
        this.showAlert(problem, null, this.t("resend"), () => { this.clearAlert(); this.sendFile(file); });
      } finally {
        this.setTyping(false);
        this.setState(this.sending ? "busy" : "idle");
        this.input.focus();
      }
    }

    /** The saved profile's downloads: one button per open format. */
    downloads(formats) {
      const group = el("div", { className: "jc-downloads", role: "group", "aria-label": this.t("downloadProfile") });
      group.append(el("p", { className: "jc-downloads-title", text: this.t("downloadProfile") }));
      for (const format of formats) {
        if (!(format in EXPORT_NAMES)) continue;
        const button = el("button", { type: "button", className: "jc-download", "data-format": format,
                                      text: this.t("downloadAs", { format: EXPORT_NAMES[format] }) });
        button.addEventListener("click", async () => {
          try {
            const blob = await api.exportProfile(format);
            const link = el("a", { href: URL.createObjectURL(blob), download: `jobbcoach-profil-${format}.json` });
            document.body.append(link);
            link.click();
            link.remove();
            setTimeout(() => URL.revokeObjectURL(link.href), 1000);
          } catch {
            this.showAlert(this.t("downloadFailed"), null, null, null);
          }
        });
        group.append(button);
      }
      return group;
    }

    /**
     * The labour-demand answer's counts as bars (custom payload `bar_chart`, actions/labour_demand.py):
     * a list of label, <meter> and number, so a screen reader reads each row and no inline style is
     * needed (the host page's Content-Security-Policy may forbid them). The text above says it all too.
     */
    barChart(bars) {
      const rows = bars.filter((bar) => typeof bar?.label === "string" && Number.isFinite(bar?.value));
      const biggest = Math.max(1, ...rows.map((bar) => bar.value));
      const list = el("ul", { className: "jc-chart", "aria-label": this.t("chart") });
      for (const bar of rows) {
        list.append(el("li", { className: "jc-chart-row" }, [
          el("span", { className: "jc-chart-label", text: bar.label }),
          el("meter", { className: "jc-chart-bar", min: "0", max: String(biggest), value: String(bar.value),
                        "aria-hidden": "true" }),
          el("span", { className: "jc-chart-value", text: String(bar.value) }),
        ]));
      }
      return list;
    }

    setOpen(open) {
      if (open) this.launcher.classList.remove("jc-unread");
      this.panel.hidden = !open;
      this.launcher.hidden = open;
      this.launcher.setAttribute("aria-expanded", String(open));
      if (open) this.scrollToEnd();
    }

    /** Grow the text box with its content, up to about five lines; then it scrolls. */
    fitInput() {
      this.input.style.height = "auto";
      this.input.style.height = `${Math.min(this.input.scrollHeight + 4, 140)}px`;
    }

    scrollToEnd() { this.log.scrollTop = this.log.scrollHeight; }

    /** Show an answer from its beginning: a long list of ads is read from the top, not from its end. */
    revealFrom(node) {
      const end = this.log.scrollHeight - this.log.clientHeight;
      this.log.scrollTop = Math.min(node.offsetTop - 8, end);
    }

    // ------------------------------------------------------------ messages

    /** A payload the widget sent for the jobseeker is shown as words ("Spara jobb nummer 2"). */
    shownText(text) {
      const save = SAVE_JOB.exec(text);
      return save ? this.t("adSaveShown", { n: save[1] }) : text;
    }

    /**
     * "Du skrev:" for screen readers, in the interface's direction. Its own `dir` keeps it out of the
     * bubble's `dir="auto"`, which then follows the message's first letters, not this label's.
     */
    speaker(key) {
      return el("span", { className: "jc-sr-only", dir: this.language.dir, text: `${this.t(key)} ` });
    }

    userBubble(text) {
      return el("div", { className: "jc-msg jc-user", dir: "auto" }, [
        this.speaker("you"), this.textBlock(this.shownText(text), false),
      ]);
    }

    botBubble(message) {
      const bubble = el("div", { className: "jc-msg jc-bot", dir: "auto" }, [this.speaker("bot")]);
      if (message.text) bubble.append(this.textBlock(message.text, true));
      const custom = message.custom;
      if (custom?.type === "job_ads" && Array.isArray(custom.ads) && custom.ads.length) {
        bubble.classList.add("jc-has-cards");
        bubble.append(this.cards(custom.ads));
      } else if (custom?.type === "profile_downloads" && Array.isArray(custom.formats)) {
        bubble.append(this.downloads(custom.formats));
      } else if (custom?.type === "bar_chart" && Array.isArray(custom.bars) && custom.bars.length) {
        bubble.append(this.barChart(custom.bars));
      } else if (typeof custom?.text === "string" && custom.text) {
        bubble.append(this.textBlock(custom.text, true));
      }
      const image = message.image && safeHttpUrl(message.image);
      if (image) bubble.append(el("img", { className: "jc-image", src: image, alt: this.t("image"), loading: "lazy" }));
      if (message.buttons?.length) {
        const group = el("div", { className: "jc-buttons", role: "group", "aria-label": this.t("choices") });
        for (const button of message.buttons) {
          const choice = el("button", { type: "button", className: "jc-choice", text: button.title });
          choice.addEventListener("click", () => {
            if (choice.disabled) return;
            this.submit(button.payload, button.title);
            this.input.focus();
          });
          group.append(choice);
        }
        bubble.append(group);
      }
      return bubble;
    }

    /** One card per ad: what it is, where, until when, why it fits; read it, save it, ask about it. */
    cards(ads) {
      const list = el("ol", { className: "jc-cards", "aria-label": this.t("adsLabel") });
      for (const ad of ads) {
        const n = Number(ad.n);
        if (!Number.isInteger(n)) continue;
        const titleId = uniqueId("jc-ad");
        const card = el("li", { className: "jc-card", "aria-labelledby": titleId });
        card.append(el("h3", { className: "jc-card-title", id: titleId, lang: "sv", dir: "auto",
                               text: `${n}. ${ad.title || this.t("adUntitled")}` }));
        const where = [ad.employer, ad.place, ad.extent].filter((part) => typeof part === "string" && part);
        if (where.length) card.append(el("p", { className: "jc-card-meta", lang: "sv", dir: "auto", text: where.join(" · ") }));
        if (ad.deadline) {
          card.append(el("p", { className: "jc-card-deadline",
                                text: this.t("adDeadline", { date: this.formatDate(String(ad.deadline)) }) }));
        }
        if (ad.reason) card.append(el("p", { className: "jc-card-reason", dir: "auto", text: String(ad.reason) }));
        const skills = ad.skills && Number.isInteger(ad.skills.total) && ad.skills.total > 0 ? ad.skills : null;
        if (skills) {
          card.append(el("p", { className: "jc-card-skills",
                                text: this.t("adSkills", { have: Number(skills.have_count) || 0, total: skills.total }) }));
          const missing = Array.isArray(skills.missing) ? skills.missing.filter((s) => typeof s === "string" && s) : [];
          if (missing.length) {
            card.append(el("p", { className: "jc-card-missing", dir: "auto",
                                  text: this.t("adSkillsMissing", { skills: missing.join(", ") }) }));
          }
        }

        const actions = el("div", { className: "jc-card-actions" });
        const href = ad.url && safeHttpUrl(String(ad.url));
        if (href) {
          const read = el("a", { className: "jc-card-link", href, target: "_blank", rel: "noopener noreferrer",
                                 "aria-describedby": titleId, text: this.t("adRead") });
          read.append(el("span", { className: "jc-sr-only", text: ` ${this.t("newTab")}` }));
          actions.append(read);
        }
        const save = el("button", { type: "button", className: "jc-card-save", "aria-describedby": titleId,
                                    text: this.t("adSave") });
        save.addEventListener("click", () => {
          if (save.disabled) return;
          save.disabled = true;
          save.textContent = this.t("adSaved");
          this.submit(`/save_job{"ad_number": ${n}}`, `/save_job{"ad_number": ${n}}`);
        });
        const ask = el("button", { type: "button", className: "jc-card-ask", "aria-describedby": titleId,
                                   text: this.t("adAsk") });
        ask.addEventListener("click", () => {
          this.input.value = this.t("adAskPrefix", { n });
          this.fitInput();
          this.input.focus();
          this.input.setSelectionRange(this.input.value.length, this.input.value.length);
        });
        actions.append(save, ask);
        card.append(actions);
        list.append(card);
      }
      return list;
    }

    formatDate(value) {
      if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) return value;
      try {
        return new Intl.DateTimeFormat(this.language.code, { dateStyle: "long" }).format(new Date(`${value}T12:00:00`));
      } catch {
        return value;
      }
    }

    textBlock(text, linkify) {
      const block = el("div", { className: "jc-text", dir: "auto" });
      text.split("\n").forEach((line, index) => {
        if (index > 0) block.append(el("br"));
        if (linkify) this.appendLinkified(block, line);
        else block.append(document.createTextNode(line));
      });
      return block;
    }

    /** Append one line of bot text to `parent`, turning http(s) links into anchors. */
    appendLinkified(parent, line) {
      let last = 0;
      for (const match of line.matchAll(LINK_PATTERN)) {
        const [whole, label, markdownUrl, bareUrl] = match;
        let raw = markdownUrl || bareUrl;
        let trailing = "";
        if (bareUrl) {
          const cut = raw.match(/[.,;:!?)\]]+$/);
          if (cut) { trailing = cut[0]; raw = raw.slice(0, -trailing.length); }
        }
        const href = safeHttpUrl(raw);
        if (!href) continue;
        parent.append(document.createTextNode(line.slice(last, match.index)));
        const link = el("a", { href, target: "_blank", rel: "noopener noreferrer nofollow", text: label || raw });
        link.append(el("span", { className: "jc-sr-only", text: ` ${this.t("newTab")}` }));
        parent.append(link);
        if (trailing) parent.append(document.createTextNode(trailing));
        last = match.index + whole.length;
      }
      parent.append(document.createTextNode(line.slice(last)));
    }

    addUserMessage(text) {
      this.disableOldButtons();
      const bubble = this.userBubble(text);
      this.log.append(bubble);
      this.scrollToEnd();
      return bubble;
    }

    addBotMessage(message) {
      const bubble = this.botBubble(message);
      if (bubble.classList.contains("jc-has-cards")) this.disableOldCards(bubble);
      this.log.append(bubble);
      return bubble;
    }

    /** A message the bot sent on its own: shown once per outbox id, then acknowledged. */
    showPushed(id, message) {
      if (!this.shownPushes.has(id)) {
        this.shownPushes.add(id);
        const nearEnd = this.log.scrollHeight - this.log.scrollTop - this.log.clientHeight < 80;
        const bubble = this.addBotMessage(message);
        bubble.classList.add("jc-pushed");
        if (nearEnd) this.revealFrom(bubble);
        if (this.launcher && this.panel.hidden) this.launcher.classList.add("jc-unread");
      }
      api.acknowledge([id]).catch(() => {});  // not acknowledged: it comes again, and is skipped above
    }

    /** After a reload only the last message's buttons, if it is the bot's, can still be clicked. */
    disableButtonsBeforeLast() {
      const last = this.log.lastElementChild;
      for (const button of this.log.querySelectorAll(".jc-choice")) {
        if (!last || !last.contains(button)) button.disabled = true;
      }
    }

    /** Buttons answer the latest question only; older ones are kept visible but inactive. */
    disableOldButtons() {
      for (const button of this.log.querySelectorAll(".jc-choice")) button.disabled = true;
    }

    /** "Spara" means the ad with that number in the latest list: older lists' save buttons go inactive. */
    disableOldCards(except) {
      for (const button of this.log.querySelectorAll(".jc-card-save")) {
        if (!except || !except.contains(button)) button.disabled = true;
      }
    }

    /** "busy" while a message is on its way, "offline" while waiting to retry, else "idle" (for styling and tests). */
    setState(state) { this.root.setAttribute("data-state", state); }

    setTyping(on) {
      this.typing.textContent = "";
      this.typing.classList.toggle("jc-active", on);
      if (on) {
        this.typing.append(el("span", { className: "jc-dots", "aria-hidden": "true" }, [el("span"), el("span"), el("span")]),
                           el("span", { className: "jc-typing-text", text: this.t("typing") }));
      }
    }

    showAlert(message, detail, actionLabel, action) {
      this.alert.textContent = "";
      this.alert.append(el("strong", { text: message }));
      if (detail) this.alert.append(el("span", { text: ` ${detail}` }));
      if (actionLabel) {
        const button = el("button", { type: "button", className: "jc-retry", text: actionLabel });
        button.addEventListener("click", action);
        this.alert.append(button);
      }
      this.alert.hidden = false;
      this.panel.classList.add("jc-offline");
    }

    clearAlert() {
      this.alert.hidden = true;
      this.alert.textContent = "";
      this.panel.classList.remove("jc-offline");
    }

    // ------------------------------------------------------------ sending

    /** Show the user's words (or a button's title; nothing when `shown` is null), then deliver `text` in order. */
    submit(text, shown) {
      const bubble = shown === null ? null : this.addUserMessage(shown);
      this.queue.push({ text, shown, bubble });
      storage.set(keys.started, "1");
      this.pump();
    }

    async pump() {
      if (this.sending || this.historyPending) return;
      if (!this.queue.length) { this.setState("idle"); return; }
      const item = this.queue[0];
      this.sending = true;
      this.setState("busy");
      this.setTyping(true);
      item.bubble?.classList.add("jc-pending");
      try {
        const reply = await api.send(item.text);
        this.queue.shift();
        item.bubble?.classList.remove("jc-pending");
        this.retryIndex = 0;
        if (!this.alert.hidden) this.clearAlert();
        const shown = (reply.messages || []).map((message) => this.addBotMessage(message));
        if (shown.length) this.revealFrom(item.bubble || shown[0]);
      } catch (error) {
        this.sending = false;
        this.setTyping(false);
        this.failed(item, error instanceof ChatError ? error.kind : "unreachable");
        return;
      }
      this.sending = false;
      this.setTyping(false);
      this.pump();
    }

    failed(item, kind) {
      if (kind === "unreachable") {
        // Nothing reached the bot: keep the message and resend it when the connection is back.
        this.showAlert(this.t("unreachable"), this.t("willRetry"), this.t("retryNow"), () => this.retrySoon(0));
        this.setState("offline");
        this.retrySoon();
        return;
      }
      // The bot may have received it: let the jobseeker decide instead of sending it twice.
      this.queue.shift();
      item.bubble?.classList.remove("jc-pending");
      item.bubble?.classList.add("jc-failed");
      const problem = kind === "timeout" ? this.t("timeout") : this.t("rejected");
      this.showAlert(problem, null, this.t("resend"), () => {
        this.clearAlert();
        this.submit(item.text, item.shown);
      });
      this.pump();
    }

    /** Retry after the next backoff delay (or `delayMs`), whether a send or the history is waiting. */
    retrySoon(delayMs) {
      clearTimeout(this.retryTimer);
      let delay = delayMs;
      if (delay === undefined) {
        delay = RETRY_DELAYS_MS[Math.min(this.retryIndex, RETRY_DELAYS_MS.length - 1)];
        this.retryIndex += 1;
      }
      this.retryTimer = setTimeout(() => (this.historyPending ? this.loadHistory() : this.pump()), delay);
    }

    /** After a reload: show the conversation kept by Rasa for this browser's sender id; then listen for pushes. */
    async loadHistory() {
      if (!storage.get(keys.started)) {  // a first visit has no history to fetch
        this.stream.start();
        return;
      }
      this.historyPending = true;
      this.setState("busy");
      this.typing.textContent = this.t("loadingHistory");
      try {
        const history = await api.history();
        this.historyPending = false;
        this.typing.textContent = "";
        this.retryIndex = 0;
        this.clearAlert();
        // Earlier messages go above anything typed while the history was loading.
        const fragment = document.createDocumentFragment();
        for (const message of history.messages || []) {
          fragment.append(message.sender === "user" ? this.userBubble(message.text) : this.botBubble(message));
        }
        const hasNewer = this.queue.length > 0;
        this.welcome.after(fragment);
        if (hasNewer) this.disableOldButtons();
        else this.disableButtonsBeforeLast();
        const cardLists = this.log.querySelectorAll(".jc-has-cards");
        this.disableOldCards(cardLists[cardLists.length - 1]);
        this.scrollToEnd();
        this.stream.start();
        this.pump();
      } catch (error) {
        this.typing.textContent = "";
        if (error instanceof ChatError && error.kind !== "unreachable") {
          // The bot is up but the history cannot be read (e.g. a server misconfiguration): chat on
          // without it rather than hold the jobseeker's messages back.
          this.historyPending = false;
          this.stream.start();
          this.pump();
          return;
        }
        this.showAlert(this.t("unreachable"), this.t("historyRetry"), this.t("retryNow"), () => this.retrySoon(0));
        this.setState("offline");
        this.retrySoon();
      }
    }
  }

  async function start() {
    let root;
    if (config.container) {
      root = document.querySelector(config.container);
      if (!root) { console.error(`Jobbcoach: hittar inte ${config.container}`); return; }
    } else {
      root = el("div");
      document.body.append(root);
    }
    root.classList.add("jc-root");
    if (scriptUrl && !document.querySelector("link[data-jobbcoach]")) {
      document.head.append(el("link", { rel: "stylesheet", href: new URL("jobbcoach-widget.css", scriptUrl).href,
                                        "data-jobbcoach": "" }));
    }
    let language = languageOf(storage.get(keys.language) || config.language || DEFAULT_LANGUAGE);
    try {
      await loadStrings(DEFAULT_LANGUAGE);
      await loadStrings(language.code);
    } catch (error) {
      console.error("Jobbcoach: interface strings missing", error);
      language = languageOf(DEFAULT_LANGUAGE);
    }
    const widget = new Widget(root, language);
    widget.setState("idle");
    window.Jobbcoach = { widget, open: () => widget.launcher && widget.setOpen(true) };
    widget.loadHistory();
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
