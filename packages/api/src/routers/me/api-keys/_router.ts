import { router } from '../../../trpc.js';
import { completeRotation } from './complete-rotation.js';
import { create } from './create.js';
import { remove } from './delete.js';
import { list } from './list.js';
import { rotate } from './rotate.js';

/** Personal API keys. Interactive sessions only: a key can never manage keys. */
export const apiKeysRouter = router({
  list,
  create,
  rotate,
  completeRotation,
  delete: remove,
});
