import { Notification } from '@gatehouse/db';
import { preferencesOf, setPreferences } from '../../../domain/notifications.js';
import { permissionProcedure } from '../../../procedures.js';
import { listNotificationsInput, markReadInput, updatePreferencesInput } from '../../../schemas/notifications.js';
import { router } from '../../../trpc.js';

const read = permissionProcedure('profile:read');
const write = permissionProcedure('profile:write');

const preferences = read.query(({ ctx }) => preferencesOf(ctx.em, ctx.principal.userId));

const updatePreferences = write.input(updatePreferencesInput).mutation(async ({ ctx, input }) => {
  await setPreferences(ctx.em, ctx.principal.userId, input.preferences);
  return preferencesOf(ctx.em, ctx.principal.userId);
});

/** The in-app inbox, newest first, with cursor pagination and the unread count for the badge. */
const list = read.input(listNotificationsInput).query(async ({ ctx, input }) => {
  const userId = ctx.principal.userId;
  const rows = await ctx.em.find(
    Notification,
    {
      user: userId,
      ...(input.unreadOnly ? { readAt: null } : {}),
      ...(input.cursor ? { id: { $lt: input.cursor } } : {}),
    },
    { orderBy: { id: 'desc' }, limit: input.limit + 1 },
  );
  const page = rows.slice(0, input.limit);
  return {
    items: page.map((n) => ({
      id: n.id,
      category: n.category,
      type: n.type,
      title: n.title,
      body: n.body,
      createdAt: n.createdAt.toISOString(),
      readAt: n.readAt?.toISOString() ?? null,
    })),
    nextCursor: rows.length > input.limit ? (page.at(-1)?.id ?? null) : null,
    unreadCount: await ctx.em.count(Notification, { user: userId, readAt: null }),
  };
});

const markRead = write.input(markReadInput).mutation(async ({ ctx, input }) => {
  // Scoped to the caller: ids of someone else's notifications match nothing.
  const where = input.all ? { user: ctx.principal.userId } : { user: ctx.principal.userId, id: { $in: input.ids ?? [] } };
  const marked = await ctx.em.nativeUpdate(Notification, { ...where, readAt: null }, { readAt: new Date() });
  return { marked };
});

export const notificationsRouter = router({ preferences, updatePreferences, list, markRead });
