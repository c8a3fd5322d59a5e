/**
 * The first page a record list asks for. One definition, so that the page the tab
 * starts loading with the sign-in (app/first-screen.ts) is the very request the
 * list then makes, and is answered from it.
 */
import type { ListQuery } from "../../api/client";
import type { EntityType, Me } from "../../api/types";
import { canSeeAll } from "../../app/permissions";

export const listPageSize = 25;

export const firstListQuery = (me: Me, entity: EntityType): ListQuery => ({ sort: "newest", ...(canSeeAll(me, entity) ? { owner: "all" } : {}) });
