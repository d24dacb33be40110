import { App } from 'aws-cdk-lib';
import { addNagChecks, buildAppui } from './appui.ts';

const app = new App();
buildAppui(app);
addNagChecks(app);
