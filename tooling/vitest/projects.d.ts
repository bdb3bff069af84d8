import type { TestProjectInlineConfiguration } from 'vitest/config';

export declare const sourceConditions: string[];
export declare function databaseProjects(
  extra?: TestProjectInlineConfiguration['test'],
): TestProjectInlineConfiguration[];
