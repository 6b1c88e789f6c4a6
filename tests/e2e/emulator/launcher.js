#!/usr/bin/env node
/**
 * Telegram Bot API emulator for quotebot's end-to-end tests: the npm package telegram-test-api
 * acts as Telegram; this script fills the gaps python-telegram-bot (PTB) 22 falls into.
 *
 *   node launcher.js [--host 127.0.0.1] [--port 0] [--bot-username quote_test_bot]
 *
 * Prints `READY <port>` on stdout once listening (port 0: any free port); logs go to stderr.
 *
 * The package's TelegramServer does the work: its storage (storage.userMessages: users'
 * updates; storage.botMessages: the bot's messages), id counters, events and methods, and its
 * routes for sendMessage, deleteMessage, answerCallbackQuery, setWebhook and deleteWebhook.
 * Below, its methods are patched where they differ from Telegram (each patch says how), and
 * routes are added in front of its own: the Bot API methods it lacks, file downloads
 * (/file/bot<token>/<file_path>), and the client routes that tests/e2e/emulator.py calls and
 * documents: /client/message, document, callback, inlineQuery and chosenInlineResult (what
 * users do), botMessages, callbackAnswer, inlineAnswer, failNext and reset (what tests look at
 * or arrange). They take JSON with the bot's `token` and answer {ok, result} or {ok: false,
 * description}.
 */
'use strict';

const path = require('node:path');
const { setTimeout: sleep } = require('node:timers/promises');
const { parseArgs } = require('node:util');

// express's 100 kB body limit is too small for a base64 document or an answerInlineQuery full
// of CJK text (9 bytes a character once form-encoded): raise it for the package's parsers.
const PACKAGE_DIR = path.dirname(require.resolve('telegram-test-api/package.json'));
const express = require(require.resolve('express', { paths: [PACKAGE_DIR] }));
for (const parser of ['json', 'urlencoded']) {
  const create = express[parser];
  express[parser] = (options) => create({ limit: '50mb', ...options });
}
const { TelegramServer } = require('telegram-test-api/lib/telegramServer');
const { routes } = require('telegram-test-api/lib/routes/index');
const { unknownMethod } = require('telegram-test-api/lib/routes/bot/unknownMethod');
const { handle } = require('telegram-test-api/lib/routes/bot/utils');

/** What Telegram keeps and the package does not; reset() keeps the bots' settings. */
const extra = {
  botUsername: 'quote_test_bot',
  commands: new Map(), // "token scope language_code" -> BotCommand[]
  allowedUpdates: new Map(), // token -> update types (empty: all)
  webhookBusy: new Set(), // tokens whose webhook is being sent updates
  nextFileId: 1,
  reset() {
    this.files = new Map(); // file_id -> {token, file: File, mimeType, bytes}
    this.callbackAnswers = new Map(); // callback query id -> answer parameters or null
    this.inlineQueries = new Map(); // inline query id -> {inlineQuery, answer}
    this.failures = new Map(); // "token/method" -> {count, retryAfter}
  },
};
extra.reset();

class ApiError extends Error { // answered as {ok: false, error_code, description, parameters}
  constructor(code, text, parameters) { super(text); Object.assign(this, { code, parameters }); }
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
const parseJson = (text) => { try { return JSON.parse(text); } catch { return text; } };
const apiParams = (req) => Object.fromEntries(Object.entries({ ...req.query, ...req.body })
  .map(([key, v]) => [key, JSON_PARAMS.has(key) && typeof v === 'string' ? parseJson(v) : v]));

const now = () => Math.floor(Date.now() / 1000); // Telegram dates are Unix seconds
const defined = (object) => Object.fromEntries(Object.entries(object).filter(([, v]) => v != null));

// Telegram marks commands and @mentions in users' texts. Offsets and lengths count UTF-16 code
// units, which is exactly how JavaScript indexes strings.
const ENTITY_PATTERNS = [
  ['bot_command', /(?<![\w/@])\/[A-Za-z0-9_]{1,32}(?:@[A-Za-z0-9_]{3,32})?(?![\w/])/g],
  ['mention', /(?<![\w@])@[A-Za-z0-9_]{5,32}(?!\w)/g],
];
function findEntities(text) {
  const entities = ENTITY_PATTERNS.flatMap(([type, pattern]) => [...text.matchAll(pattern)]
    .map((match) => ({ type, offset: match.index, length: match[0].length })));
  return entities.length ? entities.sort((a, b) => a.offset - b.offset) : undefined;
}

/** A stored bot message as Telegram returns it: parse_mode is applied, not echoed, and only
 * inline keyboards are part of a Message. The stored versions keep both for the tests. */
function asTelegram({ parse_mode: _parseMode, reply_markup: markup, ...message }) {
  return markup?.inline_keyboard ? { ...message, reply_markup: markup } : message;
}

/** The text-related fields of sendMessage and editMessageText. */
const textContent = ({ text, entities, parse_mode, reply_markup, ...p }) => ({
  text, entities, parse_mode, reply_markup, link_preview_options: p.link_preview_options
    ?? (p.disable_web_page_preview ? { is_disabled: true } : undefined),
});

const botUser = (token) => ({
  id: Number(token.split(':')[0]), is_bot: true, first_name: 'Test Bot',
  username: extra.botUsername,
});
const userOf = (p) => defined({
  id: Number(p.user_id ?? 1001), is_bot: false, first_name: p.first_name ?? 'Tester',
  username: p.username, language_code: p.language_code ?? 'en',
});
const chatOf = ({ id, first_name, username }, p) => ((p.chat_type ?? 'private') === 'private'
  ? defined({ id, type: 'private', first_name, username })
  : { id: Number(p.chat_id ?? -1001), type: p.chat_type, title: p.chat_title ?? 'Test Group' });

/** A message in the package's storage, unless deleted: {entry, message}. The storage entry of a
 * bot message has `edits`. */
function findMessage(server, chatId, messageId) {
  const matches = (entry, message) => !entry.deleted && message?.chat.id === Number(chatId)
    && entry.messageId === Number(messageId);
  const entry = server.storage.botMessages.find((e) => matches(e, e.message));
  if (entry) return { entry, message: entry.message };
  const update = server.storage.userMessages.find((u) => matches(u, u.message));
  return update && { entry: update, message: TelegramServer.formatUpdate(update).message };
}

/** The chat of a user's update: a bot can only write where a user wrote to it. */
function knownChat(server, chatId) {
  const chat = server.storage.userMessages
    .map((update) => update.message?.chat ?? update.callbackQuery?.message.chat)
    .find((candidate) => candidate?.id === Number(chatId));
  if (!chat) throw badRequest('chat not found');
  return chat;
}

/** reply_to_message for reply_parameters (or the older reply_to_message_id). */
function replyTo(server, chatId, p) {
  const id = p.reply_to_message_id;
  const ref = p.reply_parameters ?? (id && { message_id: id });
  const found = ref && findMessage(server, ref.chat_id ?? chatId, ref.message_id);
  if (found) return { ...asTelegram(found.message), reply_to_message: undefined }; // not nested
  if (ref && !(ref.allow_sending_without_reply ?? p.allow_sending_without_reply)) {
    throw badRequest('message to be replied not found');
  }
  return undefined;
}

const unread = (server, token) => server.storage.userMessages
  .filter((update) => update.botToken === token && !update.isRead);
const dropPending = (server, token) => unread(server, token).forEach((u) => { u.isRead = true; });

// ----- the package's methods, corrected -----

const { addBotMessage, setWebhook } = TelegramServer.prototype;
const { formatUpdate } = TelegramServer;

// sendMessage: the package answers with the date in milliseconds, a made-up chat and no `from`,
// and stores the request. Its storage entry now holds the Message (keeping the bot's parse_mode
// and any keyboard for the tests) and `edits`, all the message's versions.
TelegramServer.prototype.addBotMessage = function addTelegramBotMessage(params, botToken) {
  const chat = knownChat(this, params.chat_id);
  if (!params.text) throw badRequest('message text is empty');
  const reply = replyTo(this, chat.id, params);
  const { message_id: id } = addBotMessage.call(this, params, botToken); // ids, storage, event
  const entry = this.storage.botMessages.find((e) => e.messageId === id);
  const date = Math.floor(entry.time / 1000);
  const message = { message_id: id, from: botUser(botToken), chat, date, reply_to_message: reply };
  entry.message = defined({ ...message, ...textContent(params) });
  entry.edits = [entry.message];
  return asTelegram(entry.message);
};

// The edits: the package merges the request into what it stored (so a keyboard survives an
// edit that leaves it out; Telegram removes it) and its routes answer null where PTB needs the
// edited Message. Every version is kept in `edits`; the package's events are still emitted.
function editBotMessage(server, p, changes, event) {
  if (p.inline_message_id) return true; // messages sent via inline mode are not stored
  const { entry } = findMessage(server, p.chat_id, p.message_id) ?? {};
  if (!entry?.edits) throw badRequest('message to edit not found');
  const edited = defined({ ...entry.message, ...changes });
  if (JSON.stringify(edited) === JSON.stringify(entry.message)) {
    throw badRequest('message is not modified: specified new message content and reply markup '
      + 'are exactly the same as a current content and reply markup of the message');
  }
  entry.edits.push(entry.message = { ...edited, edit_date: now() });
  server.emit(event);
  return asTelegram(entry.message);
}
TelegramServer.prototype.editMessageText = function editMessageText(p) {
  if (!p.text) throw badRequest('message text is empty');
  return editBotMessage(this, p, textContent(p), 'EditedMessageText');
};
TelegramServer.prototype.editMessageReplyMarkup = function editMessageReplyMarkup(p) {
  return editBotMessage(this, p, { reply_markup: p.reply_markup }, 'EditedMessageReplyMarkup');
};

// deleteMessage: the package removes the message from its storage (and trips over updates that
// are not messages); keep it, flagged `deleted`, for the tests to see.
TelegramServer.prototype.deleteMessage = function deleteMessage(chatId, messageId) {
  const found = findMessage(this, chatId, messageId);
  if (found) found.entry.deleted = true;
  return Boolean(found);
};

// Updates: the package knows messages and callback queries only, its callback queries lack
// chat_instance (PTB requires it), its messages carry the token the client stored them with.
TelegramServer.formatUpdate = function formatTelegramUpdate(update) {
  const { updateId: update_id, inlineQuery, chosenInlineResult } = update;
  if (inlineQuery) return { update_id, inline_query: inlineQuery };
  if (chosenInlineResult) return { update_id, chosen_inline_result: chosenInlineResult };
  const formatted = formatUpdate(update);
  const { callback_query: query } = formatted;
  if (!query) {
    delete formatted.message.botToken;
  } else {
    query.chat_instance = `chat${query.message.chat.id}`;
    query.message = asTelegram(query.message);
  }
  return formatted;
};

// Users' updates: with a webhook set, the package POSTs an update instead of storing it, waiting
// for the bot meanwhile (so concurrent users' messages got one message_id) and losing it if the
// bot failed; nor does it know allowed_updates. Store every update (as read if the bot did not
// ask for its type: it is never delivered) and feed the webhook from the storage.
TelegramServer.prototype.addUserUpdate = async function addUserUpdate(update) {
  const allowed = extra.allowedUpdates.get(update.botToken) ?? [];
  const [, type] = Object.keys(TelegramServer.formatUpdate(update)); // after update_id
  update.isRead = allowed.length > 0 && !allowed.includes(type);
  this.storage.userMessages.push(update);
  this.updateId += 1;
  if (this.webhooks[update.botToken]) this.pushToWebhook(update.botToken);
};

// getUpdates: the package marks updates read as soon as it hands them out; Telegram hands an
// update out until a later call's `offset` confirms it, `limit` updates at a time.
TelegramServer.prototype.getUpdates = function getUpdates(token, { offset = 0, limit } = {}) {
  const pending = unread(this, token);
  const read = offset < 0 ? pending.slice(0, offset) : pending.filter((u) => u.updateId < offset);
  for (const update of read) update.isRead = true;
  return pending.filter((u) => !u.isRead).slice(0, Math.min(Math.max(limit || 100, 1), 100))
    .map((update) => TelegramServer.formatUpdate(update));
};

// setWebhook: also honour allowed_updates and drop_pending_updates, and send what is pending.
TelegramServer.prototype.setWebhook = function setTelegramWebhook(hook, token) {
  setWebhook.call(this, hook, token);
  if (Array.isArray(hook.allowed_updates)) extra.allowedUpdates.set(token, hook.allowed_updates);
  if (hook.drop_pending_updates) dropPending(this, token);
  this.pushToWebhook(token);
};

/** Sends a bot's unread updates to its webhook, one at a time and in order, as JSON with the
 * secret token header if one is set (PTB's webhook server refuses anything else); retries an
 * update the bot did not take (HTTP 2xx) every second while the webhook is set. */
TelegramServer.prototype.pushToWebhook = async function pushToWebhook(token) {
  if (extra.webhookBusy.has(token)) return;
  extra.webhookBusy.add(token);
  for (let update; this.webhooks[token] && (update = unread(this, token)[0]);) {
    const { url, secret_token: secret } = this.webhooks[token];
    const headers = { 'Content-Type': 'application/json' };
    if (secret) headers['X-Telegram-Bot-Api-Secret-Token'] = secret;
    const body = JSON.stringify(TelegramServer.formatUpdate(update));
    try {
      const signal = AbortSignal.timeout(10_000);
      const response = await fetch(url, { method: 'POST', headers, body, signal });
      await response.arrayBuffer();
      if (!response.ok) throw new Error(`HTTP ${response.status}`);
      update.isRead = true;
    } catch (error) {
      console.error(`webhook ${url}: update ${update.updateId}: ${error.message}; retry in 1 s`);
      await sleep(1000);
    }
  }
  extra.webhookBusy.delete(token);
};

// ----- routes, in front of the package's -----

/** A handler answering {ok: true, result: await fn(req, res)}; errors go to telegramErrors. */
const answer = (fn) => (req, res, next) => Promise.resolve().then(() => fn(req, res))
  .then((result) => res.json({ ok: true, result: result ?? null }), next);
const botMethod = (name, fn) => (app, server) => handle(app, `/bot:token/${name}`,
  answer((req, res) => fn(server, req.params.token, req.body, res)));
const clientRoute = (name, fn) => (app, server) => handle(app, `/client/${name}`,
  answer((req, res) => fn(server, apiParams(req), res)));
const commandsKey = (token, { scope = { type: 'default' }, language_code: language = '' }) => (
  `${token} ${JSON.stringify(scope, Object.keys(scope).sort())} ${language}`);

/** The package's events for a user update, and this script's for inline updates. */
const UPDATE_EVENTS = ['AddedUserMessage', 'AddedUserCommand', 'AddedUserCallbackQuery', 'Inline'];

/** Resolves after one of the server's `events`, after `ms`, or when the client hangs up. */
const nextEvent = (server, events, ms, res) => new Promise((resolve) => {
  const wake = () => {
    clearTimeout(timer);
    res.off('close', wake);
    events.forEach((event) => server.off(event, wake));
    resolve();
  };
  const timer = setTimeout(wake, ms);
  res.on('close', wake);
  events.forEach((event) => server.on(event, wake));
});

/** What `find()` returns, looked for again after each of `events`, until it is something (an
 * empty list is nothing), `seconds` have passed or the client hangs up. */
async function waitFor(server, events, find, seconds, res) {
  const deadline = Date.now() + seconds * 1000;
  const nothing = (found) => !found || found.length === 0;
  let found = find();
  while (nothing(found) && Date.now() < deadline && !res.closed) {
    await nextEvent(server, events, deadline - Date.now(), res);
    found = find();
  }
  return found;
}

/** A user's message, stored and delivered by the package (a command by its addUserCommand). */
async function userSends(server, p, content) {
  const from = userOf(p);
  const chat = chatOf(from, p);
  const reply = replyTo(server, chat.id, p);
  const message = defined({ botToken: p.token, from, chat, date: now(), reply_to_message: reply,
    ...content });
  const command = message.entities?.[0]?.type === 'bot_command' && message.entities[0].offset === 0;
  await (command ? server.addUserCommand(message) : server.addUserMessage(message));
  const update = server.storage.userMessages.findLast((u) => u.message === message);
  // received_ms: when the emulator took the message (the package's clock), for latency figures
  return { ...TelegramServer.formatUpdate(update).message, received_ms: update.time };
}

/** An inline query or a chosen inline result, stored and delivered by the package. */
async function addInlineUpdate(server, token, update) {
  await server.addUserUpdate({ ...server.getCommonFields(token), ...update });
  server.emit('Inline');
}

const launcherRoutes = [
  // Every Bot API call: decode PTB's JSON-encoded parameters (for the package's routes too),
  // answer 429 while a test asks for it, and where the package answers null (deleteMessage,
  // answerCallbackQuery, setWebhook) answer True, its errors with their HTTP status.
  (app) => handle(app, '/bot:token/:method', (req, res, next) => {
    req.body = apiParams(req);
    const failure = extra.failures.get(`${req.params.token}/${req.params.method}`);
    if (failure?.count > 0) {
      failure.count -= 1;
      const { retryAfter: retry } = failure;
      throw new ApiError(429, `Too Many Requests: retry after ${retry}`, { retry_after: retry });
    }
    const { sendResult } = res;
    res.sendResult = (data) => {
      if (data.ok === false) res.status(data.error_code);
      sendResult(data.ok && data.result === null ? { ...data, result: true } : data);
    };
    next();
  }),
  // The package's getMe lacks is_bot (PTB requires it) and what the bot may do.
  botMethod('getMe', (server, token) => ({ ...botUser(token), can_join_groups: true,
    can_read_all_group_messages: true, supports_inline_queries: true })),
  // The package's getUpdates does not wait for updates (`timeout`), which makes PTB spin.
  botMethod('getUpdates', async (server, token, p, res) => {
    if (server.webhooks[token]) throw new ApiError(409, 'Conflict: a webhook is active');
    if (Array.isArray(p.allowed_updates)) extra.allowedUpdates.set(token, p.allowed_updates);
    return waitFor(server, UPDATE_EVENTS, () => server.getUpdates(token, p), Number(p.timeout) || 0, res);
  }),
  botMethod('getWebhookInfo', (server, token) => ({ url: server.webhooks[token]?.url ?? '',
    has_custom_certificate: false, pending_update_count: unread(server, token).length })),
  botMethod('editMessageText', (server, token, p) => server.editMessageText(p)),
  botMethod('editMessageReplyMarkup', (server, token, p) => server.editMessageReplyMarkup(p)),
  // The package's deleteWebhook route answers, but does not pass drop_pending_updates on.
  (app, server) => handle(app, '/bot:token/deleteWebhook', (req, res, next) => {
    if (req.body.drop_pending_updates) dropPending(server, req.params.token);
    next();
  }),
  // The package's answerCallbackQuery answers; record the answer for the tests first.
  (app) => handle(app, '/bot:token/answerCallbackQuery', (req, res, next) => {
    const { callback_query_id: id, text, show_alert, url, cache_time } = req.body;
    if (!extra.callbackAnswers.has(id)) throw badRequest('query ID is invalid');
    extra.callbackAnswers.set(id, defined({ text, show_alert, url, cache_time }));
    next();
  }),
  botMethod('answerInlineQuery', (server, token, p) => {
    const inline = extra.inlineQueries.get(p.inline_query_id);
    if (!inline) throw badRequest('query is too old or query ID is invalid');
    const { results, cache_time, is_personal, next_offset, button } = p;
    inline.answer = defined({ results, cache_time, is_personal, next_offset, button });
    return true;
  }),
  botMethod('getFile', (server, token, p) => {
    const stored = extra.files.get(p.file_id);
    if (stored?.token !== token) throw badRequest('invalid file_id');
    return stored.file;
  }),
  (app) => app.get('/file/bot:token/*', (req, res) => {
    const stored = [...extra.files.values()]
      .find(({ token, file }) => token === req.params.token && file.file_path === req.params[0]);
    if (!stored) res.status(404).json({ ok: false, error_code: 404, description: 'Not Found' });
    else res.type(stored.mimeType).send(stored.bytes);
  }),
  botMethod('setMyCommands', (server, token, p) => {
    extra.commands.set(commandsKey(token, p), p.commands);
    return true;
  }),
  botMethod('getMyCommands', (server, token, p) => extra.commands.get(commandsKey(token, p)) ?? []),
  botMethod('deleteMyCommands', (server, token, p) => {
    extra.commands.delete(commandsKey(token, p));
    return true;
  }),
  botMethod('sendChatAction', () => true),

  // ----- client routes: what users do -----
  clientRoute('message', (server, p) => {
    if (!p.text) throw badRequest('text is required');
    return userSends(server, p, { text: p.text, entities: p.entities ?? findEntities(p.text) });
  }),
  clientRoute('document', (server, p) => {
    const bytes = Buffer.from(p.content_base64 ?? '', 'base64');
    const id = extra.nextFileId++;
    const file = { file_id: `file-${id}`, file_unique_id: `unique-${id}`, file_size: bytes.length };
    const file_path = `documents/file_${id}${path.extname(p.file_name ?? '')}`;
    const { file_name, mime_type: mimeType = 'application/octet-stream' } = p;
    const stored = { token: p.token, file: { ...file, file_path }, mimeType, bytes };
    extra.files.set(file.file_id, stored);
    const document = defined({ ...file, file_name, mime_type: mimeType });
    const caption_entities = p.caption ? findEntities(p.caption) : undefined;
    return userSends(server, p, { document, caption: p.caption, caption_entities });
  }),
  clientRoute('callback', async (server, p) => {
    const { entry, message } = findMessage(server, p.chat_id, p.message_id) ?? {};
    const buttons = entry?.edits && asTelegram(message).reply_markup?.inline_keyboard.flat();
    if (!buttons?.some((button) => button.callback_data === p.data)) {
      throw badRequest(`bot message ${p.message_id} has no button ${JSON.stringify(p.data)}`);
    }
    const id = String(server.callbackId); // the id addUserCallback gives the query
    extra.callbackAnswers.set(id, null);
    await server.addUserCallback({ botToken: p.token, from: userOf(p), message, data: p.data });
    return id;
  }),
  clientRoute('inlineQuery', async (server, p) => {
    const id = String(server.callbackId++); // inline query ids count with callback query ids
    const { query = '', offset = '', chat_type = 'private' } = p;
    const inlineQuery = { id, from: userOf(p), query, offset, chat_type };
    extra.inlineQueries.set(id, { inlineQuery, answer: null });
    await addInlineUpdate(server, p.token, { inlineQuery });
    return id;
  }),
  clientRoute('chosenInlineResult', async (server, p) => {
    const { inline_query_id: queryId, result_id, inline_message_id } = p;
    const inline = extra.inlineQueries.get(queryId);
    if (!inline?.answer?.results.some((result) => result.id === result_id)) {
      throw badRequest(`inline query ${queryId} has no answer with id ${result_id}`);
    }
    const { from, query } = inline.inlineQuery;
    const chosenInlineResult = defined({ result_id, from, query, inline_message_id });
    await addInlineUpdate(server, p.token, { chosenInlineResult });
    return true;
  }),

  // ----- client routes: what tests look at or arrange -----
  clientRoute('botMessages', (server, p) => server.storage.botMessages
    .filter((e) => e.botToken === p.token && (p.chat_id ?? e.message.chat.id) === e.message.chat.id)
    .map((e) => ({ ...e.message, ...(e.deleted && { deleted: true }), edits: e.edits,
      received_ms: e.time }))), // when the bot sent it (the package's clock)
  // The bot's next message in a chat after a given one, waited for on the package's event
  // (a load test with many users then needs no polling).
  clientRoute('nextBotMessage', async (server, p, res) => {
    const find = () => server.storage.botMessages.find((e) => e.botToken === p.token && e.edits
      && e.message.chat.id === Number(p.chat_id) && e.messageId > Number(p.after_message_id ?? 0));
    const entry = await waitFor(server, ['AddedBotMessage'], find, Number(p.timeout) || 10, res);
    return entry ? { ...entry.message, edits: entry.edits, received_ms: entry.time } : null;
  }),
  clientRoute('callbackAnswer', (server, p) => extra.callbackAnswers.get(p.callback_query_id)),
  clientRoute('inlineAnswer', (server, p) => extra.inlineQueries.get(p.inline_query_id)?.answer),
  clientRoute('failNext', (server, { token, method, count = 1, retry_after: retryAfter = 1 }) => {
    extra.failures.set(`${token}/${method}`, { count, retryAfter });
    return true;
  }),
  clientRoute('reset', (server) => {
    server.storage = { userMessages: [], botMessages: [] }; // as the package's stop() does
    extra.reset();
    return true;
  }),
];

// The package answers unknown methods with HTTP 500 and a body that is not the Bot API's.
const notImplemented = (app) => handle(app, '/bot:token/:method', (req) => {
  throw new ApiError(404, `Not Found: method ${req.params.method} is not implemented by the `
    + 'Bot API emulator (telegram-test-api + tests/e2e/emulator/launcher.js)');
});

// Errors thrown in any route, answered as the Bot API does (the package answers {message}).
const telegramErrors = (app) => app.use((error, req, res, _next) => {
  const { code, message, parameters } = error instanceof ApiError ? error
    : new ApiError(error.status ?? 500, `Internal Server Error: emulator failure: ${error.stack}`);
  if (code !== 429) console.error(`${req.path}: ${code} ${message}`);
  res.status(code).json(defined({ ok: false, error_code: code, description: message, parameters }));
});

async function main() {
  const option = (fallback) => ({ type: 'string', default: fallback });
  const options = { host: option('127.0.0.1'), port: option('0'), 'bot-username': option('') };
  const { values } = parseArgs({ options });
  extra.botUsername = values['bot-username'] || extra.botUsername;
  routes.unshift(...launcherRoutes);
  routes[routes.indexOf(unknownMethod)] = notImplemented;
  routes.push(telegramErrors);
  // storeTimeout: the package forgets stored messages after 60 s; a test session lasts longer.
  const server = new TelegramServer({ host: values.host, storeTimeout: 24 * 3600 });
  server.setMaxListeners(0); // one listener per waiting client: many at once in a load test
  server.config.port = Number(values.port); // the package turns port 0 into its default, 9000
  await server.start();
  for (const signal of ['SIGTERM', 'SIGINT']) process.once(signal, () => process.exit(0));
  process.stdout.write(`READY ${server.server.address().port}\n`);
}

main().catch((error) => { console.error(error); process.exit(1); });
