/**
 * The emulator's attachments and modals, proved against a bare discord.js Client: files the bot uploads (replies
 * and webhook edits, multipart) are captured with their bytes and served back at their attachment URL; files a member
 * attaches to a command option are served over HTTP on 127.0.0.1; modals built with Label components are checked
 * against Discord's limits, and submitted as Discord submits them.
 */
import { once } from 'node:events';
import {
  type ChatInputCommandInteraction,
  Client,
  ComponentType,
  Events,
  GatewayIntentBits,
  type Interaction,
  InteractionResponseType,
  LabelBuilder,
  MessageFlags,
  ModalBuilder,
  TextDisplayBuilder,
  TextInputBuilder,
  TextInputStyle,
} from 'discord.js';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { type DiscordEmulator, startEmulator } from './discord-emulator/index.js';

const labelled = (id: string, label: string, input: Partial<ConstructorParameters<typeof TextInputBuilder>[0]> = {}) =>
  new LabelBuilder().setLabel(label).setTextInputComponent(new TextInputBuilder({ custom_id: id, style: TextInputStyle.Short, ...input }));

const handlers = new Map<string, (i: ChatInputCommandInteraction) => Promise<unknown>>([
  [
    'upload',
    (i) => i.reply({ content: 'attached', files: [{ attachment: Buffer.from('zip bytes \u0000\u00ff'), name: 'notes export.zip' }] }),
  ],
  [
    'upload-later',
    async (i) => {
      await i.deferReply({ flags: MessageFlags.Ephemeral });
      await i.editReply({ content: 'here', files: [{ attachment: Buffer.from('later'), name: 'later.md' }] });
    },
  ],
  [
    'read-file',
    async (i) => {
      const file = i.options.getAttachment('file', true);
      const body = Buffer.from(await (await fetch(file.url)).arrayBuffer()).toString('utf8');
      return i.reply(`${file.name} ${file.size} ${body}`);
    },
  ],
  [
    'form',
    (i) =>
      i.showModal(
        new ModalBuilder()
          .setCustomId('form:1')
          .setTitle('A form')
          .addTextDisplayComponents(new TextDisplayBuilder().setContent('Fill this in'))
          .addLabelComponents(
            labelled('title', 'Title', { max_length: 10, value: 'Filled' }),
            labelled('body', 'Body', { style: TextInputStyle.Paragraph, required: false }),
          ),
      ),
  ],
  [
    'bad-form',
    // Raw JSON: discord.js's builders would refuse these lengths before sending.
    (i) =>
      i.showModal({
        custom_id: 'bad',
        title: 'x',
        components: [
          {
            type: ComponentType.Label,
            label: 'L'.repeat(46),
            component: { type: ComponentType.TextInput, custom_id: 't', style: TextInputStyle.Short, max_length: 5, value: 'too long' },
          },
        ],
      }),
  ],
]);

async function respond(interaction: Interaction): Promise<unknown> {
  if (interaction.isChatInputCommand()) return handlers.get(interaction.commandName)?.(interaction);
  if (interaction.isModalSubmit()) {
    const fields = Object.fromEntries([...interaction.fields.fields].map(([id, f]) => [id, 'value' in f ? f.value : null]));
    return interaction.reply(JSON.stringify({ id: interaction.customId, fields, kinds: interaction.components.map((c) => c.type) }));
  }
  throw new Error(`unexpected interaction ${interaction.type}`);
}

describe('Discord emulator: attachments and Label modals', () => {
  let emu: DiscordEmulator;
  let client: Client;
  const errors: unknown[] = [];

  beforeAll(async () => {
    emu = await startEmulator();
    client = new Client({ intents: [GatewayIntentBits.Guilds], rest: { api: emu.apiBase } });
    client.on(Events.InteractionCreate, (i) => void respond(i).catch((error: unknown) => errors.push(error)));
    const ready = once(client, Events.ClientReady);
    await client.login(emu.token);
    await ready;
  });

  afterEach(() => {
    expect(errors).toEqual([]);
  });

  afterAll(async () => {
    await client.destroy();
    await emu.close();
  });

  it('captures the bytes of a file attached to a reply, and serves them at the attachment URL', async () => {
    const sent = emu.command('upload');
    const callback = await sent.response;
    expect(callback.files).toMatchObject([
      { field: 'files[0]', name: 'notes export.zip', size: Buffer.byteLength('zip bytes \u0000\u00ff') },
    ]);
    expect(callback.files[0]?.data).toEqual(Buffer.from('zip bytes \u0000\u00ff'));
    const [attachment] = emu.originalMessage(sent)?.attachments ?? [];
    expect(attachment?.url).toMatch(new RegExp(`^http://127\\.0\\.0\\.1:\\d+/attachments/${emu.channelId}/\\d+/notes%20export\\.zip$`));
    const served = await fetch(attachment!.url);
    expect(served.status).toBe(200);
    expect(Buffer.from(await served.arrayBuffer())).toEqual(Buffer.from('zip bytes \u0000\u00ff'));
    expect(emu.requests.find((r) => r.method === 'GET' && r.path.endsWith('/notes export.zip'))).toMatchObject({ status: 200 });
  });

  it('captures a file attached to an edit of a deferred reply (a multipart PATCH on the webhook route)', async () => {
    const sent = emu.command('upload-later');
    const edit = await emu.waitForRequest(`PATCH /webhooks/${emu.applicationId}/${sent.token}/messages/@original`);
    expect(edit.status).toBe(200);
    expect(edit.files.map((f) => [f.name, f.data.toString()])).toEqual([['later.md', 'later']]);
    expect(emu.originalMessage(sent)?.attachments.map((a) => a.filename)).toEqual(['later.md']);
  });

  it("serves a member's attachment over HTTP and resolves it for an attachment option", async () => {
    const file = emu.attachment('a.txt', 'hello from a member');
    expect(file).toMatchObject({ filename: 'a.txt', size: 19 });
    const sent = emu.command('read-file', [{ name: 'file', type: 11, value: file.id }], { attachments: [file] });
    expect(sent.payload.data).toMatchObject({ resolved: { attachments: { [file.id]: { url: file.url } } } });
    expect((await sent.response).body).toMatchObject({ data: { content: 'a.txt 19 hello from a member' } });
  });

  it('can claim another size than the real one, answer slowly, and answers 404 for an unknown file', async () => {
    const lying = emu.attachment('big.zip', 'small', { declaredSize: 50_000_000 });
    expect(lying.size).toBe(50_000_000);
    const slow = emu.attachment('slow.zip', 'late', { delayMs: 300 });
    const started = Date.now();
    expect(await (await fetch(slow.url)).text()).toBe('late');
    expect(Date.now() - started).toBeGreaterThanOrEqual(250);
    expect((await fetch(`${slow.url}-missing`)).status).toBe(404);
  });

  it('keeps the modal the bot opened and submits it as Discord does: Labels, prefilled values kept unless typed over', async () => {
    const opened = emu.command('form');
    expect((await opened.response).body).toMatchObject({ type: InteractionResponseType.Modal, data: { custom_id: 'form:1' } });
    expect(emu.openedModal(opened)?.components.map((c) => c.type)).toEqual([10, 18, 18]);
    const submitted = emu.submitModal(opened, { body: 'Typed text' });
    expect(submitted.payload.data).toMatchObject({
      custom_id: 'form:1',
      components: [{ type: 10 }, { type: 18, component: { type: 4, custom_id: 'title', value: 'Filled' } }, { type: 18 }],
    });
    expect(JSON.parse(((await submitted.response).body as { data: { content: string } }).data.content)).toEqual({
      id: 'form:1',
      fields: { title: 'Filled', body: 'Typed text' },
      kinds: [10, 18, 18],
    });
  });

  it("refuses to submit what the member's client would not let through", async () => {
    const opened = emu.command('form');
    await opened.response;
    expect(() => emu.submitModal(opened, { title: 'x'.repeat(11) })).toThrow('modal field title: 11 characters, its max_length is 10');
    expect(() => emu.submitModal(opened, { title: '' })).toThrow('modal field title is required');
    expect(() => emu.submitModal(opened, { nope: 'x' })).toThrow('the modal has no field nope');
    expect(() => emu.submitModal(emu.command('upload'), {})).toThrow(/opened no modal/);
  });

  it("answers a modal over Discord's limits with 400 Invalid Form Body: a label over 45, a value over its max_length", async () => {
    const sent = emu.command('bad-form');
    const rejected = await emu.waitForRequest(`POST /interactions/${sent.id}/${sent.token}/callback`);
    expect(rejected.status).toBe(400);
    expect(rejected.responseBody).toMatchObject({
      code: 50035,
      errors: {
        data: {
          components: {
            0: {
              label: { _errors: [{ code: 'BASE_TYPE_MAX_LENGTH' }] },
              component: { value: { _errors: [{ code: 'BASE_TYPE_MAX_LENGTH' }] } },
            },
          },
        },
      },
    });
    await expect.poll(() => errors.length).toBe(1);
    errors.length = 0;
  });

  it('submits a raw modal in Labels by default, or in legacy action rows', async () => {
    const label = emu.modalSubmit('raw', { a: '1' });
    expect(label.payload.data).toMatchObject({ components: [{ type: 18, component: { custom_id: 'a', value: '1' } }] });
    expect(JSON.parse(((await label.response).body as { data: { content: string } }).data.content)).toMatchObject({ fields: { a: '1' } });
    const row = emu.modalSubmit('raw', { b: '2' }, {}, 'row');
    expect(row.payload.data).toMatchObject({ components: [{ type: 1, components: [{ custom_id: 'b', value: '2' }] }] });
    expect(JSON.parse(((await row.response).body as { data: { content: string } }).data.content)).toMatchObject({ fields: { b: '2' } });
  });
});
