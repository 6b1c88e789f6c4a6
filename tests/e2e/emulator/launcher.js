#!/usr/bin/env node
/**
 * Telegram Bot API emulator for quotebot's end-to-end tests.
 *
 *   node launcher.js [--host 127.0.0.1] [--port 0] [--bot-username quote_test_bot]
 *
 * Prints exactly one line, `READY <port>`, on stdout once listening (port 0 picks a
 * free port); diagnostics go to stderr. Stops cleanly on SIGTERM/SIGINT.
 *
 * The server class of the npm package telegram-test-api is reused (express app, body
 * parsing, start/stop), but its routes are replaced: they store dates in milliseconds,
 * hand each update out only once, answer edits with `null` and know only a handful of
 * methods, none of which python-telegram-bot 22 can live with. Instead:
 *
 *   /bot<token>/<method>     the Bot API methods in BOT_API_METHODS (anything else: 404)
 *   /file/bot<token>/<path>  downloads of the files users sent (their getFile file_path)
 *
 * and the client routes, for tests. They take a JSON body (or a query string) with the
 * bot's `token` (except reset) and answer {ok, result} or {ok: false, description}.
 * "Sender" fields, all optional: user_id, first_name, username, language_code (the user,
 * by default 1001 "Tester" "en"), chat_type ("private", "group", "supergroup"), and for
 * groups chat_id and chat_title (by default -1001 "Test Group").
 *
 *   /client/message             sender, text, reply_to_message_id, entities -> Message
 *   /client/document            sender, file_name, mime_type, content_base64, caption,
 *                               reply_to_message_id -> Message
 *   /client/callback            user fields, chat_id, message_id, data -> callback query id
 *   /client/inlineQuery         user fields, query, offset, chat_type -> inline query id
 *   /client/chosenInlineResult  inline_query_id, result_id, inline_message_id
 *   /client/botMessages         chat_id (optional) -> the bot's messages, with `edits`
 *   /client/callbackAnswer      callback_query_id -> answerCallbackQuery parameters or null
 *   /client/inlineAnswer        inline_query_id -> answerInlineQuery parameters or null
 *   /client/failNext            method, count, retry_after: that many 429s for the method
 *   /client/reset               forget all bots' messages, updates, files, queries and
 *                               failures; settings (commands, webhook) stay
 */
'use strict';

const path = require('node:path');
const { parseArgs } = require('node:util');

const PACKAGE_DIR = path.dirname(require.resolve('telegram-test-api/package.json'));

// The package builds its JSON and form parsers with express's 100 kB default, too small
// for a base64 document or an answerInlineQuery full of CJK text (9 bytes a character
// once form-encoded). Raise that default before the package creates them.
const express = require(require.resolve('express', { paths: [PACKAGE_DIR] }));
for (const parser of ['json', 'urlencoded']) {
  const create = express[parser];
  express[parser] = (options) => create({ limit: '50mb', ...options });
}

const { TelegramServer } = require('telegram-test-api/lib/telegramServer');
const { routes } = require('telegram-test-api/lib/routes/index');
const { handle } = require('telegram-test-api/lib/routes/bot/utils');

const DEFAULT_USER = { user_id: 1001, first_name: 'Tester', language_code: 'en' };
const DEFAULT_GROUP = { chat_id: -1001, chat_title: 'Test Group' };

/** A Bot API error: answered as {ok: false, error_code, description[, parameters]}. */
class ApiError extends Error {
  constructor(code, description, parameters) {
    super(description);
    this.code = code;
    this.parameters = parameters;
  }
}
const badRequest = (what) => new ApiError(400, `Bad Request: ${what}`);

// PTB posts form fields and JSON-encodes every value that is not a string ("42", "true",
// '{"inline_keyboard": ...}'); these are the parameters whose values are not strings.
const JSON_PARAMS = new Set([
  'allow_sending_without_reply', 'allowed_updates', 'button', 'cache_time', 'chat_id',
  'commands', 'count', 'disable_web_page_preview', 'drop_pending_updates', 'entities',
  'is_personal', 'limit', 'link_preview_options', 'max_connections', 'message_id', 'offset',
  'reply_markup', 'reply_parameters', 'reply_to_message_id', 'results', 'retry_after',
  'scope', 'show_alert', 'timeout', 'user_id',
]);

function apiParams(req) {
  const params = { ...req.query, ...req.body };
  for (const [key, value] of Object.entries(params)) {
    if (JSON_PARAMS.has(key) && typeof value === 'string') {
      try {
        params[key] = JSON.parse(value);
      } catch {
        // not JSON, e.g. a chat_id such as "@channel": keep the string
      }
    }
  }
  return params;
}

const now = () => Math.floor(Date.now() / 1000); // Telegram dates are Unix seconds
const sleep = (ms) => new Promise((resolve) => { setTimeout(resolve, ms); });
const messageKey = (chatId, messageId) => `${Number(chatId)}:${Number(messageId)}`;
const withoutUndefined = (object) => Object.fromEntries(
  Object.entries(object).filter(([, value]) => value !== undefined),
);

// Telegram marks commands and @mentions in users' texts itself. Offsets and lengths count
// UTF-16 code units, which is exactly how JavaScript indexes strings.
const ENTITY_PATTERNS = [
  ['bot_command', /(?<![\w/@])\/[A-Za-z0-9_]{1,32}(?:@[A-Za-z0-9_]{3,32})?(?![\w/])/g],
  ['mention', /(?<![\w@])@[A-Za-z0-9_]{5,32}(?!\w)/g],
];
function findEntities(text) {
  const entities = ENTITY_PATTERNS.flatMap(([type, pattern]) => [...text.matchAll(pattern)]
    .map((match) => ({ type, offset: match.index, length: match[0].length })));
  return entities.length ? entities.sort((a, b) => a.offset - b.offset) : undefined;
}

/** The Message as Telegram itself returns it: parse_mode is applied, not echoed, and only
 * inline keyboards are part of a Message. Stored versions keep both for the tests. */
function asTelegram({ parse_mode: _parseMode, reply_markup: replyMarkup, ...message }) {
  return replyMarkup?.inline_keyboard ? { ...message, reply_markup: replyMarkup } : message;
}

/** The text-related fields of sendMessage/editMessageText. */
function textContent(p) {
  return {
    text: p.text,
    entities: p.entities,
    parse_mode: p.parse_mode,
    link_preview_options: p.link_preview_options
      ?? (p.disable_web_page_preview ? { is_disabled: true } : undefined),
    reply_markup: p.reply_markup,
  };
}

/** The Bot API methods the emulator answers; any other gets a 404 that names it. */
const BOT_API_METHODS = new Set([
  'getMe', 'getUpdates', 'setWebhook', 'deleteWebhook', 'getWebhookInfo', 'close', 'logOut',
  'sendMessage', 'editMessageText', 'editMessageReplyMarkup', 'deleteMessage',
  'sendChatAction', 'answerCallbackQuery', 'answerInlineQuery', 'getFile',
  'setMyCommands', 'getMyCommands', 'deleteMyCommands',
]);

/** Client route name -> EmulatedBot method. */
const CLIENT_ACTIONS = {
  message: 'userMessage',
  document: 'userDocument',
  callback: 'clickButton',
  inlineQuery: 'userInlineQuery',
  chosenInlineResult: 'chooseInlineResult',
  botMessages: 'botMessages',
  callbackAnswer: 'callbackAnswer',
  inlineAnswer: 'inlineAnswer',
  failNext: 'failNext',
};

/** Everything Telegram keeps for one bot token. Bot API methods carry their API names. */
class EmulatedBot {
  constructor(token, username) {
    this.user = { id: Number(token.split(':')[0]), is_bot: true, first_name: 'Test Bot', username };
    // Ids only grow, even across reset(): a polling bot's offset must stay meaningful.
    this.nextUpdateId = 1;
    this.nextMessageId = 1;
    this.nextId = 1; // callback and inline query ids, file ids
    // Settings survive reset(): a long-running bot makes them once, at start-up.
    this.commands = new Map(); // scope and language_code -> BotCommand[]
    this.allowedUpdates = []; // empty: every update type
    this.webhook = null; // the setWebhook parameters while a webhook is set
    this.webhookError = null;
    this.webhookBusy = false;
    this.finishPoll = null; // ends the getUpdates call that is waiting, if any
    this.reset();
  }

  reset() {
    this.updates = []; // not yet confirmed (getUpdates offset) or delivered (webhook)
    this.messages = new Map(); // messageKey -> {fromBot, versions: [Message...], deleted}
    this.chats = new Map(); // chat id -> Chat, as users' messages introduced them
    this.files = new Map(); // file_id -> {file: File, mimeType, bytes}
    this.callbackQueries = new Map(); // id -> answerCallbackQuery parameters, or null
    this.inlineQueries = new Map(); // id -> {query: InlineQuery, answer: parameters or null}
    this.failures = new Map(); // Bot API method -> {count, retryAfter}
  }

  newId() {
    return String(this.nextId++);
  }

  // ----- updates -----

  deliver(update) {
    const [type] = Object.keys(update);
    if (this.allowedUpdates.length && !this.allowedUpdates.includes(type)) return;
    this.updates.push({ update_id: this.nextUpdateId++, ...update });
    if (this.webhook) this.pushToWebhook();
    else this.finishPoll?.('update');
  }

  async getUpdates(p, res) {
    // Like Telegram: a newer call ends the one still waiting, which gets a 409.
    this.finishPoll?.('conflict');
    if (this.webhook) {
      throw new ApiError(409, "Conflict: can't use getUpdates method while webhook is active; "
        + 'use deleteWebhook to delete the webhook first');
    }
    if (Array.isArray(p.allowed_updates)) this.allowedUpdates = p.allowed_updates;
    if (p.offset > 0) this.updates = this.updates.filter((u) => u.update_id >= p.offset);
    if (p.offset < 0) this.updates = this.updates.slice(p.offset);
    if (!this.updates.length && p.timeout > 0) {
      const outcome = await this.waitForUpdate(p.timeout, res);
      if (outcome === 'conflict') {
        throw new ApiError(409, 'Conflict: terminated by other getUpdates request; '
          + 'make sure that only one bot instance is running');
      }
    }
    return this.updates.slice(0, Math.min(Math.max(p.limit || 100, 1), 100));
  }

  /** Resolves with 'update', 'timeout', 'conflict', 'closed' (the client went away) or
   * 'stopped' (the emulator is shutting down). */
  waitForUpdate(seconds, res) {
    return new Promise((resolve) => {
      const finish = (outcome) => {
        clearTimeout(timer);
        res.off('close', onClose);
        if (this.finishPoll === finish) this.finishPoll = null;
        resolve(outcome);
      };
      const onClose = () => finish('closed');
      const timer = setTimeout(finish, seconds * 1000, 'timeout');
      res.on('close', onClose);
      this.finishPoll = finish;
    });
  }

  /** POSTs pending updates to the webhook one at a time, in order, retrying each every
   * second until the bot takes it (HTTP 2xx) or the webhook is removed. */
  async pushToWebhook() {
    if (this.webhookBusy) return;
    this.webhookBusy = true;
    try {
      while (this.webhook && this.updates.length) {
        const update = this.updates[0];
        const { url, secret_token: secretToken } = this.webhook;
        try {
          const response = await fetch(url, {
            method: 'POST',
            headers: {
              // PTB's webhook server insists on exactly this content type
              'Content-Type': 'application/json',
              ...(secretToken && { 'X-Telegram-Bot-Api-Secret-Token': secretToken }),
            },
            body: JSON.stringify(update),
            signal: AbortSignal.timeout(10_000),
          });
          await response.arrayBuffer();
          if (!response.ok) throw new Error(`HTTP ${response.status} ${response.statusText}`);
          this.updates = this.updates.filter((u) => u !== update);
          this.webhookError = null;
        } catch (error) {
          this.webhookError = { date: now(), message: error.message };
          console.error(`webhook ${url}: update ${update.update_id} not delivered `
            + `(${error.message}); retrying in 1 s`);
          await sleep(1000);
        }
      }
    } finally {
      this.webhookBusy = false;
    }
  }

  setWebhook(p) {
    if (!p.url) return this.deleteWebhook(p); // as in Telegram, an empty url removes it
    this.webhook = withoutUndefined({
      url: p.url, secret_token: p.secret_token, max_connections: p.max_connections,
    });
    this.webhookError = null;
    if (Array.isArray(p.allowed_updates)) this.allowedUpdates = p.allowed_updates;
    if (p.drop_pending_updates) this.updates = [];
    this.finishPoll?.('conflict'); // from now on updates go to the webhook only
    this.pushToWebhook();
    return true;
  }

  deleteWebhook(p) {
    this.webhook = null;
    this.webhookError = null;
    if (p.drop_pending_updates) this.updates = [];
    return true;
  }

  getWebhookInfo() {
    return withoutUndefined({
      url: this.webhook?.url ?? '',
      has_custom_certificate: false,
      pending_update_count: this.updates.length,
      last_error_date: this.webhookError?.date,
      last_error_message: this.webhookError?.message,
      max_connections: this.webhook?.max_connections,
      allowed_updates: this.allowedUpdates.length ? this.allowedUpdates : undefined,
    });
  }

  // ----- the bot itself -----

  getMe() {
    return {
      ...this.user,
      can_join_groups: true,
      can_read_all_group_messages: true, // every group message is delivered
      supports_inline_queries: true,
    };
  }

  close() {
    return true;
  }

  logOut() {
    return true;
  }

  sendChatAction() {
    return true;
  }

  setMyCommands(p) {
    if (!Array.isArray(p.commands)) throw badRequest('parameter "commands" must be an array');
    this.commands.set(commandsKey(p), p.commands);
    return true;
  }

  getMyCommands(p) {
    return this.commands.get(commandsKey(p)) ?? [];
  }

  deleteMyCommands(p) {
    this.commands.delete(commandsKey(p));
    return true;
  }

  // ----- messages -----

  /** The chat a user's message comes from (recorded, so the bot can answer there). */
  chatOf(from, p) {
    const type = p.chat_type ?? 'private';
    const chat = type === 'private'
      ? withoutUndefined({ id: from.id, type, first_name: from.first_name, username: from.username })
      : {
        id: Number(p.chat_id ?? DEFAULT_GROUP.chat_id),
        type,
        title: p.chat_title ?? DEFAULT_GROUP.chat_title,
      };
    this.chats.set(chat.id, chat);
    return chat;
  }

  knownChat(chatId) {
    const chat = this.chats.get(Number(chatId));
    if (!chat) throw badRequest('chat not found');
    return chat;
  }

  message(chatId, messageId) {
    const record = this.messages.get(messageKey(chatId, messageId));
    return record && !record.deleted ? record : undefined;
  }

  botMessage(chatId, messageId, problem) {
    const record = this.message(chatId, messageId);
    if (!record?.fromBot) throw badRequest(problem);
    return record;
  }

  /** reply_to_message for reply_parameters (or the older reply_to_message_id). */
  replyTo(chatId, p) {
    const ref = p.reply_parameters ?? (p.reply_to_message_id && { message_id: p.reply_to_message_id });
    if (!ref) return undefined;
    const record = this.message(ref.chat_id ?? chatId, ref.message_id);
    if (record) {
      const { reply_to_message: _nested, ...quoted } = asTelegram(record.versions.at(-1));
      return quoted;
    }
    if (ref.allow_sending_without_reply) return undefined;
    throw badRequest('message to be replied not found');
  }

  addMessage(fromBot, from, chat, p, content) {
    const message = withoutUndefined({
      message_id: this.nextMessageId++,
      from,
      chat,
      date: now(),
      reply_to_message: this.replyTo(chat.id, p),
      ...content,
    });
    this.messages.set(messageKey(chat.id, message.message_id), { fromBot, versions: [message] });
    return message;
  }

  sendMessage(p) {
    const chat = this.knownChat(p.chat_id);
    if (!p.text) throw badRequest('message text is empty');
    return asTelegram(this.addMessage(true, this.user, chat, p, textContent(p)));
  }

  /** Applies `changes` to a bot message as a new version; an undefined field is removed
   * (editMessageText without reply_markup drops the keyboard, as in Telegram). */
  edit(p, changes) {
    if (p.inline_message_id) return true; // messages sent via inline mode are not kept
    const record = this.botMessage(p.chat_id, p.message_id, 'message to edit not found');
    const current = record.versions.at(-1);
    const next = withoutUndefined({ ...current, ...changes });
    if (JSON.stringify(next) === JSON.stringify(current)) {
      throw badRequest('message is not modified: specified new message content and reply '
        + 'markup are exactly the same as a current content and reply markup of the message');
    }
    next.edit_date = now();
    record.versions.push(next);
    return asTelegram(next);
  }

  editMessageText(p) {
    if (!p.text) throw badRequest('message text is empty');
    return this.edit(p, textContent(p));
  }

  editMessageReplyMarkup(p) {
    return this.edit(p, { reply_markup: p.reply_markup });
  }

  deleteMessage(p) {
    const record = this.message(p.chat_id, p.message_id);
    if (!record) throw badRequest('message to delete not found');
    record.deleted = true;
    return true;
  }

  // ----- callback and inline queries, files -----

  answerCallbackQuery(p) {
    if (!this.callbackQueries.has(p.callback_query_id)) throw badRequest('query ID is invalid');
    this.callbackQueries.set(p.callback_query_id, withoutUndefined({
      text: p.text, show_alert: p.show_alert, url: p.url, cache_time: p.cache_time,
    }));
    return true;
  }

  answerInlineQuery(p) {
    const inline = this.inlineQueries.get(p.inline_query_id);
    if (!inline) throw badRequest('query is too old and response timeout expired or query ID is invalid');
    if (!Array.isArray(p.results)) throw badRequest('parameter "results" must be an array');
    inline.answer = withoutUndefined({
      results: p.results,
      cache_time: p.cache_time,
      is_personal: p.is_personal,
      next_offset: p.next_offset,
      button: p.button,
    });
    return true;
  }

  getFile(p) {
    const stored = this.files.get(p.file_id);
    if (!stored) throw badRequest('invalid file_id');
    return stored.file;
  }

  fileAt(filePath) {
    return [...this.files.values()].find((stored) => stored.file.file_path === filePath);
  }

  // ----- client actions: what users do -----

  userMessage(p) {
    if (!p.text) throw badRequest('text is required');
    return this.userSends(p, { text: p.text, entities: p.entities ?? findEntities(p.text) });
  }

  userDocument(p) {
    const bytes = Buffer.from(p.content_base64 ?? '', 'base64');
    const id = this.newId();
    const document = {
      file_id: `document-${id}`,
      file_unique_id: `unique-${id}`,
      file_name: p.file_name,
      mime_type: p.mime_type ?? 'application/octet-stream',
      file_size: bytes.length,
    };
    const file = {
      file_id: document.file_id,
      file_unique_id: document.file_unique_id,
      file_size: bytes.length,
      file_path: `documents/file_${id}${path.extname(p.file_name ?? '')}`,
    };
    this.files.set(document.file_id, { file, mimeType: document.mime_type, bytes });
    return this.userSends(p, withoutUndefined({
      document,
      caption: p.caption,
      caption_entities: p.caption && findEntities(p.caption),
    }));
  }

  userSends(p, content) {
    const from = userOf(p);
    const message = this.addMessage(false, from, this.chatOf(from, p), p, content);
    this.deliver({ message });
    return message;
  }

  /** A click on an inline button of a bot message; answers the callback query id. */
  clickButton(p) {
    const record = this.botMessage(p.chat_id, p.message_id, 'no such bot message');
    const message = asTelegram(record.versions.at(-1));
    const buttons = message.reply_markup?.inline_keyboard.flat() ?? [];
    if (!buttons.some((button) => button.callback_data === p.data)) {
      throw badRequest(`message ${p.message_id} has no button with callback_data ${JSON.stringify(p.data)}`);
    }
    const id = this.newId();
    this.callbackQueries.set(id, null);
    this.deliver({
      callback_query: {
        id,
        from: userOf(p),
        message,
        chat_instance: `instance${message.chat.id}`,
        data: p.data,
      },
    });
    return id;
  }

  /** An inline query (the user typing "@bot query"); answers its id. */
  userInlineQuery(p) {
    const query = {
      id: this.newId(),
      from: userOf(p),
      query: p.query ?? '',
      offset: p.offset ?? '',
      chat_type: p.chat_type ?? 'private',
    };
    this.inlineQueries.set(query.id, { query, answer: null });
    this.deliver({ inline_query: query });
    return query.id;
  }

  /** The user picks one of the results the bot answered an inline query with. */
  chooseInlineResult(p) {
    const inline = this.inlineQueries.get(p.inline_query_id);
    if (!inline?.answer?.results.some((result) => result.id === p.result_id)) {
      throw badRequest(`inline query ${p.inline_query_id} has no answer with id ${p.result_id}`);
    }
    this.deliver({
      chosen_inline_result: withoutUndefined({
        result_id: p.result_id,
        from: inline.query.from,
        query: inline.query.query,
        inline_message_id: p.inline_message_id,
      }),
    });
    return true;
  }

  // ----- client actions: what tests look at or arrange -----

  /** The bot's messages, oldest first: each is its current version plus `edits`, every
   * version from the one sent to the current one, and `deleted` once deleted. */
  botMessages(p) {
    return [...this.messages.values()]
      .filter((record) => record.fromBot)
      .map((record) => ({
        ...record.versions.at(-1),
        ...(record.deleted && { deleted: true }),
        edits: record.versions,
      }))
      .filter((message) => p.chat_id == null || message.chat.id === Number(p.chat_id));
  }

  callbackAnswer(p) {
    return this.callbackQueries.get(p.callback_query_id) ?? null;
  }

  inlineAnswer(p) {
    return this.inlineQueries.get(p.inline_query_id)?.answer ?? null;
  }

  /** The next `count` calls of `method` fail with 429 Too Many Requests. */
  failNext(p) {
    this.failures.set(p.method, { count: p.count ?? 1, retryAfter: p.retry_after ?? 1 });
    return true;
  }

  checkFloodControl(method) {
    const failure = this.failures.get(method);
    if (!failure?.count) return;
    failure.count -= 1;
    throw new ApiError(429, `Too Many Requests: retry after ${failure.retryAfter}`, {
      retry_after: failure.retryAfter,
    });
  }
}

function userOf(p) {
  return withoutUndefined({
    id: Number(p.user_id ?? DEFAULT_USER.user_id),
    is_bot: false,
    first_name: p.first_name ?? DEFAULT_USER.first_name,
    username: p.username,
    language_code: p.language_code ?? DEFAULT_USER.language_code,
  });
}

/** setMyCommands & co. keep one list per scope and language_code. */
function commandsKey(p) {
  const scope = p.scope ?? { type: 'default' };
  return `${JSON.stringify(scope, Object.keys(scope).sort())}|${p.language_code ?? ''}`;
}

/** Runs `action` and answers like the Bot API: {ok: true, result} or an error. */
async function respond(res, label, action) {
  try {
    res.json({ ok: true, result: await action() });
  } catch (error) {
    const apiError = error instanceof ApiError ? error
      : new ApiError(500, `Internal Server Error: emulator failure: ${error.stack}`);
    if (apiError.code !== 429) console.error(`${label}: ${apiError.code} ${apiError.message}`);
    res.status(apiError.code).json(withoutUndefined({
      ok: false,
      error_code: apiError.code,
      description: apiError.message,
      parameters: apiError.parameters,
    }));
  }
}

class Emulator extends TelegramServer {
  constructor({ host, port, botUsername }) {
    super({ host, port });
    this.config.port = port; // the package turns port 0 into its default, 9000
    this.botUsername = botUsername;
    this.bots = new Map(); // token -> EmulatedBot
  }

  bot(token) {
    // A malformed token is what Telegram answers 404 for (it has no bot id to show either).
    if (!/^\d+:[\w-]+$/.test(token ?? '')) throw new ApiError(404, 'Not Found: malformed bot token');
    if (!this.bots.has(token)) this.bots.set(token, new EmulatedBot(token, this.botUsername));
    return this.bots.get(token);
  }

  async start() {
    await super.start();
    this.config.port = this.server.address().port;
  }

  async stop() {
    for (const bot of this.bots.values()) bot.finishPoll?.('stopped');
    return super.stop();
  }
}

const emulatorRoutes = [
  (app, emulator) => handle(app, '/bot:token/:method', (req, res) => {
    const { token, method } = req.params;
    respond(res, method, () => {
      if (!BOT_API_METHODS.has(method)) {
        throw new ApiError(404, `Not Found: method ${method} is not implemented by the `
          + 'quotebot Bot API emulator (tests/e2e/emulator/launcher.js)');
      }
      const bot = emulator.bot(token);
      bot.checkFloodControl(method);
      return bot[method](apiParams(req), res);
    });
  }),

  (app, emulator) => app.get('/file/bot:token/*', (req, res) => {
    const stored = emulator.bots.get(req.params.token)?.fileAt(req.params[0]);
    if (!stored) {
      res.status(404).json({ ok: false, error_code: 404, description: 'Not Found' });
      return;
    }
    res.type(stored.mimeType).send(stored.bytes);
  }),

  (app, emulator) => handle(app, '/client/reset', (req, res) => {
    respond(res, 'reset', () => {
      for (const bot of emulator.bots.values()) bot.reset();
      return true;
    });
  }),

  (app, emulator) => handle(app, '/client/:action', (req, res) => {
    const { action } = req.params;
    respond(res, `client ${action}`, () => {
      if (!Object.hasOwn(CLIENT_ACTIONS, action)) {
        throw new ApiError(404, `Not Found: no client action ${action}; there are `
          + `${Object.keys(CLIENT_ACTIONS).join(', ')} and reset`);
      }
      const p = apiParams(req);
      return emulator.bot(p.token)[CLIENT_ACTIONS[action]](p);
    });
  }),
];

async function main() {
  const { values } = parseArgs({
    options: {
      host: { type: 'string', default: '127.0.0.1' },
      port: { type: 'string', default: '0' },
      'bot-username': { type: 'string', default: 'quote_test_bot' },
    },
  });
  routes.splice(0, routes.length, ...emulatorRoutes);
  const emulator = new Emulator({
    host: values.host,
    port: Number(values.port),
    botUsername: values['bot-username'],
  });
  await emulator.start();

  const shutdown = async () => {
    await emulator.stop();
    process.exit(0);
  };
  process.once('SIGTERM', shutdown);
  process.once('SIGINT', shutdown);
  process.stdout.write(`READY ${emulator.config.port}\n`);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
