/** Access reviews (`/api/access/reviews`): start one, read it, decide about each person, fetch the evidence. */
import type { ApiClient } from "../../api/client";
import type { AccessReview, AccessReviewDetail, AccessReviewEvidence, AccessReviewInput, AccessReviewItem } from "@crm/shared/api-types";

export type { AccessReview, AccessReviewDetail, AccessReviewInput, AccessReviewItem };
export type ReviewOutcome = NonNullable<AccessReviewItem["decision"]>["outcome"];

export const reviewsApi = (api: ApiClient) => ({
  list: () => api.request<{ items: AccessReview[] }>("GET", "/api/access/reviews"),
  get: (id: string) => api.request<AccessReviewDetail>("GET", `/api/access/reviews/${id}`),
  start: (input: AccessReviewInput) => api.request<AccessReview>("POST", "/api/access/reviews", { body: input }),
  decide: (id: string, userId: string, outcome: ReviewOutcome, comment: string) =>
    api.request<AccessReviewItem>("POST", `/api/access/reviews/${id}/people/${encodeURIComponent(userId)}/decision`, { body: { outcome, ...(comment.trim() ? { comment: comment.trim() } : {}) } }),
  evidence: (id: string) => api.request<AccessReviewEvidence>("GET", `/api/access/reviews/${id}/evidence`),
});
